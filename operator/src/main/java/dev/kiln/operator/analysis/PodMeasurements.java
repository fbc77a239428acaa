package dev.kiln.operator.analysis;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pods provider for one reconcile: scrapes the Ready serving pods of the canary and stable revisions and,
 * when the baseline round is an interval old, measures every metric on the window between the two rounds.
 */
public final class PodMeasurements {

    /**
     * @param measurement one result per metric, when a window was complete
     * @param problems    pods that could not be read (left out of this round), for an event or the log
     */
    public record Round(Optional<List<MetricResult>> measurement, List<String> problems) {
    }

    /** Which pods to read and how to judge them. */
    public record Target(String deploymentKey, AnalysisSpec analysis, Duration interval, int port,
                         String canaryRevision, String stableRevision) {
    }

    private final PodMetricsSource source;
    private final ScrapeBaselines baselines;

    public PodMeasurements(PodMetricsSource source, ScrapeBaselines baselines) {
        this.source = source;
        this.baselines = baselines;
    }

    public Round measure(Target target, List<Pod> pods, Function<MetricSpec, Evidence.QueryValue> queries,
                         Instant now) {
        List<PodScrape> round = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Pod pod : pods) {
            String revision = label(pod, KilnLabels.REVISION);
            boolean ours = target.canaryRevision().equals(revision) || target.stableRevision().equals(revision);
            if (!ours || !isReady(pod) || pod.getStatus().getPodIP() == null) {
                continue;
            }
            try {
                round.add(source.scrape(pod.getMetadata().getName(), pod.getStatus().getPodIP(), target.port()));
            } catch (MetricsFetchException e) {
                problems.add(e.getMessage());
            }
        }
        Optional<List<MetricResult>> measurement = baselines
                .advance(target.deploymentKey(), round, now, target.interval())
                .map(previous -> Measurement.fromScrapes(target.analysis(), previous, round,
                        target.canaryRevision(), target.stableRevision(), queries));
        return new Round(measurement, problems);
    }

    private static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String label(Pod pod, String key) {
        var labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
