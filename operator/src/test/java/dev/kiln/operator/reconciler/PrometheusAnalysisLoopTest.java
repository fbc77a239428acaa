package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.OptimizationPass;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Provider prometheus in the reconcile loop, against a local fake Prometheus: the analysis runs the spec's PromQL,
 * rendered for the canary revision, and Kiln's own queries for a latency metric, and the canary is promoted or
 * rolled back by their values.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class PrometheusAnalysisLoopTest {

    private static final Duration TICK = Duration.ofSeconds(10);
    private static final Duration SIMULATION = Duration.ofSeconds(90);
    private static final CannedPodMetrics.Behaviour SERVING = new CannedPodMetrics.Behaviour(100, 2, 0);
    /** 100 requests, all under 100 ms (p99 99 ms), and all between 100 ms and 1 s (p99 991 ms). */
    private static final Map<String, Double> FAST = Map.of("0.1", 100.0, "1", 100.0, "+Inf", 100.0);
    private static final Map<String, Double> SLOW = Map.of("0.1", 0.0, "1", 100.0, "+Inf", 100.0);
    private static final String QUERY = "sum(rate(kiln_inference_requests_total{{{selector}},outcome=\"server_error\"}[1m]))";

    @Inject
    KubernetesClient client;

    @Inject
    AdjustableClock clock;

    @Inject
    CannedPodMetrics metrics;

    FakeCluster cluster;
    ServingPods pods;
    FakePrometheus prometheus;
    String namespace;

    @BeforeEach
    void setUp() {
        namespace = client.getNamespace();
        cluster = new FakeCluster(client, namespace);
        pods = new ServingPods(client, namespace, metrics);
        prometheus = new FakePrometheus();
    }

    @AfterEach
    void tearDown() {
        prometheus.close();
    }

    @Test
    void aQueryAboveItsMaxRollsTheCanaryBackNamingTheValue() {
        prometheus.value = 0.4;
        String canary = stableThenCanary("prom-bad", errorQuery());
        run("prom-bad", md -> md.getStatus().rollout != null && md.getStatus().rollout.phase == RolloutPhase.RolledBack);
        var rollout = cluster.md("prom-bad").getStatus().rollout;
        assertThat(rollout.reason).isEqualTo("AnalysisFailed");
        assertThat(rollout.message).contains("metric canary-errors failed").contains("0.4");
        assertThat(rollout.lastAnalysis).singleElement().satisfies(a -> {
            assertThat(a.verdict).isEqualTo("Failed");
            assertThat(a.canaryValue).isEqualTo(0.4);
        });
        assertThat(prometheus.queries).isNotEmpty().allSatisfy(q -> assertThat(q).isEqualTo(
                "sum(rate(kiln_inference_requests_total{revision=\"" + canary + "\",outcome=\"server_error\"}[1m]))"));
    }

    @Test
    void aQueryWithinItsMaxLetsTheCanaryThrough() {
        prometheus.value = 0.001;
        String canary = stableThenCanary("prom-good", errorQuery());
        run("prom-good", md -> canary.equals(md.getStatus().stableRevision));
        assertThat(cluster.md("prom-good").getStatus().rollout.stepAnalysis.conclusiveMeasurements)
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCanaryWhoseLatencyIsFarAboveStablesIsRolledBackNamingTheMetric() {
        prometheus.value = 100;
        prometheus.latencyBuckets = FAST;
        String canary = stableThenCanary("prom-slow", latency());
        prometheus.latencyBucketsByRevision.put(canary, SLOW);
        run("prom-slow", md -> md.getStatus().rollout != null && md.getStatus().rollout.phase == RolloutPhase.RolledBack);
        var rollout = cluster.md("prom-slow").getStatus().rollout;
        assertThat(rollout.reason).isEqualTo("AnalysisFailed");
        assertThat(rollout.message).contains("metric p99-latency failed");
        assertThat(rollout.lastAnalysis).singleElement().satisfies(a -> {
            assertThat(a.metric).isEqualTo("p99-latency");
            assertThat(a.verdict).isEqualTo("Failed");
            assertThat(a.canaryValue).isCloseTo(991.0, within(0.001));
            assertThat(a.stableValue).isCloseTo(99.0, within(0.001));
        });
        String stable = cluster.md("prom-slow").getStatus().stableRevision;
        assertThat(prometheus.queries).contains(
                "sum by (le) (increase(kiln_inference_request_seconds_bucket{namespace=\"" + namespace
                        + "\",model=\"text-orientation\",revision=\"" + canary + "\"}[30s]))",
                "sum by (le) (increase(kiln_inference_request_seconds_bucket{namespace=\"" + namespace
                        + "\",model=\"text-orientation\",revision=\"" + stable + "\"}[30s]))");
    }

    @Test
    void aCanaryWhoseLatencyIsWithinItsLimitsIsPromoted() {
        prometheus.value = 100;
        prometheus.latencyBuckets = FAST;
        String canary = stableThenCanary("prom-fast", latency());
        run("prom-fast", md -> canary.equals(md.getStatus().stableRevision));
        assertThat(cluster.md("prom-fast").getStatus().rollout.stepAnalysis.conclusiveMeasurements)
                .isGreaterThanOrEqualTo(2);
    }

    /** Serves a first revision, then changes the spec; returns the canary revision. */
    private String stableThenCanary(String name, MetricSpec metric) {
        ModelDeployment md = TestModelDeployments.orientation(name, namespace);
        md.getSpec().rollout = rollout(metric);
        ModelDeployment created = client.resource(md).create();
        Job first = cluster.awaitJob(name, created.getMetadata().getGeneration());
        metrics.serve(first.getMetadata().getLabels().get(KilnLabels.REVISION), SERVING);
        cluster.finishJob(first, FakeCluster.sampleSummary(), 0);
        run(name, m -> m.getStatus().phase == Phase.Healthy);

        ModelDeployment changed = cluster.md(name);
        changed.getSpec().optimization.passes = List.of(OptimizationPass.GRAPH, OptimizationPass.INT8_DYNAMIC);
        changed = client.resource(changed).update();
        Job second = cluster.awaitJob(name, changed.getMetadata().getGeneration());
        String next = second.getMetadata().getLabels().get(KilnLabels.REVISION);
        metrics.serve(next, SERVING);
        cluster.finishJob(second, FakeCluster.sampleSummary(), 0);
        return next;
    }

    private RolloutSpec rollout(MetricSpec metric) {
        RolloutSpec rollout = new RolloutSpec();
        rollout.steps = List.of(RolloutSteps.weight(50), RolloutSteps.analysis(2), RolloutSteps.weight(100));
        rollout.progressDeadlineSeconds = 600;
        rollout.analysis = new AnalysisSpec();
        rollout.analysis.provider = AnalysisSpec.Provider.prometheus;
        rollout.analysis.prometheusAddress = prometheus.address();
        rollout.analysis.interval = "30s";
        rollout.analysis.consecutiveSuccesses = 2;
        rollout.analysis.metrics = List.of(metric);
        return rollout;
    }

    private static MetricSpec errorQuery() {
        MetricSpec errors = new MetricSpec();
        errors.name = "canary-errors";
        errors.type = MetricSpec.Type.prometheus;
        errors.query = QUERY;
        errors.max = 0.05;
        return errors;
    }

    /** Judged on the histograms the fake serves for each revision, by the same evaluator as provider pods. */
    private static MetricSpec latency() {
        MetricSpec latency = new MetricSpec();
        latency.name = "p99-latency";
        latency.type = MetricSpec.Type.latency;
        latency.quantile = 0.99;
        latency.max = 250.0;
        latency.maxRatioToStable = 1.5;
        return latency;
    }

    /** Each poll: pods follow their Deployments, time moves on, and a metadata touch makes the operator look again. */
    private void run(String name, Predicate<ModelDeployment> done) {
        await().atMost(SIMULATION).pollInterval(Duration.ofMillis(250)).until(() -> {
            pods.sync(name);
            clock.advance(TICK);
            cluster.touch(name);
            ModelDeployment md = cluster.md(name);
            return md.getStatus() != null && done.test(md);
        });
    }
}
