package dev.kiln.operator.reconciler;

import dev.kiln.operator.analysis.Evidence;
import dev.kiln.operator.analysis.Measurement;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.analysis.PodMeasurements;
import dev.kiln.operator.analysis.PodMetricsSource;
import dev.kiln.operator.analysis.PrometheusClients;
import dev.kiln.operator.analysis.PrometheusQueries;
import dev.kiln.operator.analysis.PrometheusTrackWindows;
import dev.kiln.operator.analysis.ScrapeBaselines;
import dev.kiln.operator.analysis.TrackQueries;
import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.config.KilnConfig;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.rollout.RolloutPlanner;
import dev.kiln.operator.rollout.RolloutState;
import dev.kiln.operator.rollout.RolloutStatusMapping;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Canary analysis in the reconcile loop. Provider pods: when the rollout in status has a measurement due, scrapes
 * the Ready serving pods of both revisions and measures the window since the previous round; pods are listed
 * only when a scrape is due (once per interval), so the operator keeps no informer on every serving pod.
 * Provider prometheus: when a measurement is due, runs every prometheus metric's query and reads both revisions'
 * windows over the last interval with Kiln's own queries for latency, errorRate and agreement. Metrics of type prometheus query
 * the spec's Prometheus address, else the operator's, with either provider.
 */
@ApplicationScoped
public class CanaryAnalysis {

    private static final Logger LOG = Logger.getLogger(CanaryAnalysis.class);

    private final ScrapeBaselines baselines;
    private final PodMeasurements measurements;
    private final PrometheusQueries.Runner prometheus;
    private final PrometheusClients prometheusClients;
    private final KilnConfig config;

    public CanaryAnalysis(PodMetricsSource source, ScrapeBaselines baselines, PrometheusQueries.Runner prometheus,
                          PrometheusClients prometheusClients, KilnConfig config) {
        this.baselines = baselines;
        this.measurements = new PodMeasurements(source, baselines);
        this.prometheus = prometheus;
        this.prometheusClients = prometheusClients;
        this.config = config;
    }

    /** A measurement when one is due and a window is complete; a first scrape only sets the baseline. */
    Optional<List<MetricResult>> measureIfDue(ModelDeployment md, KubernetesClient client, Instant now) {
        String key = key(md);
        RolloutSpec spec = md.getSpec() == null ? null : md.getSpec().rollout;
        String stable = md.getStatus() == null ? null : md.getStatus().stableRevision;
        RolloutState state = RolloutStatusMapping.fromStatus(md.getStatus() == null ? null : md.getStatus().rollout);
        if (spec == null || spec.analysis == null || stable == null || !state.active()) {
            baselines.forget(key);
            return Optional.empty();
        }
        Optional<Instant> due = RolloutPlanner.nextMeasurementAt(spec, state);
        if (due.isEmpty()) {
            // No analysis runs now: the next one starts its windows afresh rather than measure a stale window.
            baselines.forget(key);
            return Optional.empty();
        }
        Optional<String> address = Optional.ofNullable(spec.analysis.prometheusAddress)
                .or(() -> config.analysis().prometheusUrl());
        Function<MetricSpec, Evidence.QueryValue> queries = PrometheusQueries.forCanary(address,
                state.canaryRevision(), prometheus);
        if (spec.analysis.provider == AnalysisSpec.Provider.prometheus) {
            // Prometheus keeps the history: each due measurement is one round of queries, no baseline.
            baselines.forget(key);
            return now.isBefore(due.get()) ? Optional.empty()
                    : Optional.of(Measurement.fromQueries(spec.analysis,
                            () -> trackWindows(md, spec.analysis, address, state.canaryRevision(), stable), queries));
        }
        Duration interval = RolloutPlanner.interval(spec.analysis);
        Optional<Instant> windowComplete = baselines.windowCompleteAt(key, interval);
        boolean baselineOnly = windowComplete.isEmpty();
        if (!baselineOnly && (now.isBefore(due.get()) || now.isBefore(windowComplete.get()))) {
            return Optional.empty();
        }
        int port = md.getSpec().serving == null || md.getSpec().serving.port == null ? 8080 : md.getSpec().serving.port;
        List<Pod> pods = client.pods().inNamespace(md.getMetadata().getNamespace())
                .withLabel(KilnLabels.DEPLOYMENT, md.getMetadata().getName())
                .withLabel(KilnLabels.COMPONENT, KilnLabels.SERVER)
                .list().getItems();
        PodMeasurements.Round round = measurements.measure(
                new PodMeasurements.Target(key, spec.analysis, interval, port, state.canaryRevision(), stable),
                pods, queries, now);
        round.problems().forEach(problem -> LOG.infof("%s: left out of this analysis round: %s", key, problem));
        return round.measurement();
    }

    /** Provider prometheus: both revisions' windows over the last interval, read with Kiln's own queries. */
    private Evidence trackWindows(ModelDeployment md, AnalysisSpec analysis, Optional<String> address,
                                  String canaryRevision, String stableRevision) {
        if (address.isEmpty()) {
            return Evidence.QueryValue.failed(PrometheusQueries.NO_ADDRESS);
        }
        String namespace = md.getMetadata().getNamespace();
        String model = md.getSpec().model.name;
        Duration interval = RolloutPlanner.interval(analysis);
        return PrometheusTrackWindows.tracks(new TrackQueries(namespace, model, canaryRevision, interval),
                new TrackQueries(namespace, model, stableRevision, interval), prometheusClients.at(address.get()));
    }

    /** When the current baseline's window completes; empty without a baseline. */
    Optional<Instant> windowCompleteAt(ModelDeployment md) {
        RolloutSpec spec = md.getSpec() == null ? null : md.getSpec().rollout;
        if (spec == null || spec.analysis == null) {
            return Optional.empty();
        }
        return baselines.windowCompleteAt(key(md), RolloutPlanner.interval(spec.analysis));
    }

    void forget(ModelDeployment md) {
        baselines.forget(key(md));
    }

    private static String key(ModelDeployment md) {
        return md.getMetadata().getNamespace() + "/" + md.getMetadata().getName();
    }
}
