package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.OptimizationPass;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.RolloutStep;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.rollout.ManualControl;
import dev.kiln.operator.status.ConditionTypes;
import dev.kiln.operator.status.Conditions;
import dev.kiln.contract.ShadowSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import dev.kiln.contract.OperatorMetrics;
import dev.kiln.operator.analysis.ScrapeBaselines;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static dev.kiln.operator.reconciler.RolloutSteps.analysis;
import static dev.kiln.operator.reconciler.RolloutSteps.weight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The canary walk in the reconcile loop, on the mock API server with canned pod metrics and a clock the test
 * moves: a good canary walks 10/50/100 and is promoted, a slow one is rolled back at its first analysis, and
 * one without traffic stays Inconclusive until the progress deadline.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class CanaryRolloutLoopTest {

    /** Simulated time per poll: a third of the analysis interval. */
    private static final Duration TICK = Duration.ofSeconds(10);
    private static final Duration SIMULATION = Duration.ofSeconds(90);
    private static final CannedPodMetrics.Behaviour FAST = new CannedPodMetrics.Behaviour(100, 2, 0);
    private static final CannedPodMetrics.Behaviour SLOW = new CannedPodMetrics.Behaviour(100, 6, 0);
    private static final CannedPodMetrics.Behaviour IDLE = new CannedPodMetrics.Behaviour(0, 2, 0);

    @Inject
    KubernetesClient client;

    @Inject
    AdjustableClock clock;

    @Inject
    CannedPodMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Inject
    ScrapeBaselines baselines;

    FakeCluster cluster;
    ServingPods pods;
    String namespace;

    @BeforeEach
    void setUp() {
        namespace = client.getNamespace();
        cluster = new FakeCluster(client, namespace);
        pods = new ServingPods(client, namespace, metrics);
        metrics.canaryAgreement(1.0);
    }

    @Test
    void mirrorStepTurnsOnStableMirroringLiveAndAnAgreeingCanaryIsPromoted() {
        Revisions revisions = stableThenCanary("mirror-good", FAST, mirrorRollout());
        PodTemplateSpec stableTemplate = client.apps().deployments().inNamespace(namespace)
                .withName("mirror-good-" + revisions.stable()).get().getSpec().getTemplate();

        run("mirror-good", md -> shadowSettings("mirror-good").mirrors(), md -> { });
        ShadowSettings on = shadowSettings("mirror-good");
        assertThat(on.url()).isEqualTo(URI.create("http://mirror-good-canary." + namespace + ".svc:8080"));
        assertThat(on.fraction()).isEqualTo(0.5);
        assertThat(on.revision()).as("only stable's pods mirror").isEqualTo(revisions.stable());
        assertThat(client.services().inNamespace(namespace).withName("mirror-good-canary").get().getSpec().getSelector())
                .as("the mirror's target selects the canary's pods").containsEntry(KilnLabels.REVISION, revisions.canary());
        ConfigMap configMap = client.configMaps().inNamespace(namespace).withName("mirror-good-shadow").get();
        assertThat(configMap.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("mirror-good"));

        run("mirror-good", md -> revisions.canary().equals(md.getStatus().stableRevision), md -> { });
        ModelDeployment promoted = cluster.md("mirror-good");
        assertThat(promoted.getStatus().rollout.lastAnalysis).singleElement().satisfies(a -> {
            assertThat(a.metric).isEqualTo("agreement");
            assertThat(a.verdict).isEqualTo("Successful");
            assertThat(a.canaryValue).isEqualTo(1.0);
            assertThat(a.samples).isGreaterThanOrEqualTo(20L);
        });
        run("mirror-good", md -> !shadowSettings("mirror-good").mirrors(), md -> { });
        assertThat(shadowSettings("mirror-good")).as("mirroring off after the promotion").isEqualTo(ShadowSettings.OFF);
        assertThat(client.apps().deployments().inNamespace(namespace).withName("mirror-good-" + revisions.stable()).get()
                .getSpec().getTemplate()).as("stable's pods were never restarted for mirroring").isEqualTo(stableTemplate);
    }

    @Test
    void disagreeingCanaryIsRolledBackNamingAgreementAndMirroringStops() {
        metrics.canaryAgreement(0.6);
        Revisions revisions = stableThenCanary("mirror-bad", FAST, mirrorRollout());
        PodTemplateSpec stableTemplate = client.apps().deployments().inNamespace(namespace)
                .withName("mirror-bad-" + revisions.stable()).get().getSpec().getTemplate();

        run("mirror-bad", md -> md.getStatus().rollout != null && md.getStatus().rollout.phase == RolloutPhase.RolledBack,
                md -> { });
        var rollout = cluster.md("mirror-bad").getStatus().rollout;
        assertThat(rollout.reason).isEqualTo("AnalysisFailed");
        assertThat(rollout.message).startsWith("metric agreement failed 1 time(s), failureLimit 1, at step 2/3 (analysis)")
                .contains("agreement of canary with stable 0.6 is below min 0.95").containsPattern("\\(\\d+ comparisons\\)");
        assertThat(rollout.lastAnalysis).singleElement().satisfies(a -> {
            assertThat(a.verdict).isEqualTo("Failed");
            assertThat(a.canaryValue).isEqualTo(0.6);
            assertThat(a.threshold).isEqualTo(">= 0.95");
            assertThat(a.samples).isGreaterThanOrEqualTo(20L);
        });
        assertThat(rollout.mirrorFraction).isZero();
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("mirror-bad").getStatus().phase == Phase.Degraded);
        var stalled = Conditions.find(cluster.md("mirror-bad").getStatus().conditions, ConditionTypes.STALLED).orElseThrow();
        assertThat(stalled.getMessage()).contains("agreement").contains("0.95").contains("comparisons");
        await().atMost(FakeCluster.WAIT).until(() -> events("mirror-bad").stream().anyMatch(e ->
                RolloutActions.REASON_ROLLED_BACK.equals(e.getReason()) && e.getMessage().contains("agreement")));

        assertThat(shadowSettings("mirror-bad")).as("mirroring stops with the rollback").isEqualTo(ShadowSettings.OFF);
        assertThat(cluster.md("mirror-bad").getStatus().stableRevision).isEqualTo(revisions.stable());
        assertThat(client.apps().deployments().inNamespace(namespace).withName("mirror-bad-" + revisions.stable()).get()
                .getSpec().getTemplate()).isEqualTo(stableTemplate);
    }

    /** The settings the serving pods of a ModelDeployment read; off when the ConfigMap does not exist. */
    private ShadowSettings shadowSettings(String name) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(name + "-shadow").get();
        return cm == null ? ShadowSettings.OFF : ShadowSettings.parse(cm.getData().get(ShadowSettings.FILE_KEY));
    }

    /** Mirror half of stable's requests, judge agreement twice, then take all traffic. */
    private static RolloutSpec mirrorRollout() {
        RolloutSpec rollout = rollout(600);
        RolloutStep mirror = new RolloutStep();
        mirror.mirror = new RolloutStep.Mirror();
        mirror.mirror.fraction = 0.5;
        rollout.steps = List.of(mirror, analysis(2), weight(100));
        MetricSpec agreement = new MetricSpec();
        agreement.name = "agreement";
        agreement.type = MetricSpec.Type.agreement;
        agreement.min = 0.95;
        rollout.analysis.metrics = List.of(agreement);
        return rollout;
    }

    @Test
    void goodCanaryWalksTenFiftyHundredAndIsPromoted() {
        Revisions revisions = stableThenCanary("walk-good", FAST, 600);
        List<Integer> weights = new ArrayList<>();
        List<List<Integer>> splits = new ArrayList<>();
        List<Boolean> selectsBoth = new ArrayList<>();
        List<String> canaryServiceSelects = new ArrayList<>();
        run("walk-good", md -> revisions.canary().equals(md.getStatus().stableRevision), md -> {
            if (md.getStatus().rollout != null && md.getStatus().rollout.canaryWeight != null) {
                addIfNew(weights, md.getStatus().rollout.canaryWeight);
            }
            // Replica-ratio traffic: canary and stable pods, 4 in all (weight 100 is brief in status, but the
            // old stable stays at 0 pods until its scale-down).
            addIfNew(splits, List.of(replicas("walk-good-" + revisions.canary()),
                    replicas("walk-good-" + revisions.stable())));
            var selector = client.services().inNamespace(namespace).withName("walk-good").get().getSpec().getSelector();
            selectsBoth.add(!selector.containsKey(KilnLabels.REVISION));
            var canaryService = client.services().inNamespace(namespace).withName("walk-good-canary").get();
            if (canaryService != null) {
                addIfNew(canaryServiceSelects, canaryService.getSpec().getSelector().get(KilnLabels.REVISION));
            }
        });
        assertThat(canaryServiceSelects).as("<name>-canary, the mirror's target, selects the canary")
                .contains(revisions.canary()).doesNotContain(revisions.stable());
        assertThat(weights).containsSubsequence(10, 50);
        assertThat(splits).containsSubsequence(List.of(1, 3), List.of(2, 2), List.of(4, 0));
        assertThat(selectsBoth).as("the Service selected both tracks while the canary had weight").contains(true);
        ModelDeployment promoted = cluster.md("walk-good");
        assertThat(promoted.getStatus().rollout.phase).isEqualTo(RolloutPhase.Promoted);
        assertThat(promoted.getStatus().rollout.message).contains("passed all 5 steps");
        assertThat(promoted.getStatus().rollout.stepAnalysis.conclusiveMeasurements).isGreaterThanOrEqualTo(2);
        assertThat(promoted.getStatus().rollout.lastAnalysis).extracting(a -> a.verdict).containsOnly("Successful");
        assertThat(eventReasons("walk-good")).contains(RolloutActions.REASON_PROMOTED);
        assertThat(count(OperatorMetrics.ROLLOUTS_STARTED, "walk-good")).isEqualTo(1);
        assertThat(count(OperatorMetrics.ROLLOUTS_PROMOTED, "walk-good")).isEqualTo(1);

        // The old stable keeps running for scaleDownDelaySeconds, then goes; the promoted revision serves alone.
        assertThat(client.apps().deployments().inNamespace(namespace).withName("walk-good-" + revisions.stable()).get())
                .isNotNull();
        run("walk-good", md -> md.getStatus().phase == Phase.Healthy
                && client.apps().deployments().inNamespace(namespace).withName("walk-good-" + revisions.stable())
                .get() == null, md -> { });
        ModelDeployment healthy = cluster.md("walk-good");
        assertThat(healthy.getStatus().rollout.canaryWeight).isZero();
        assertThat(registry.get(OperatorMetrics.CANARY_WEIGHT.meterName())
                .tags(OperatorMetrics.LABEL_MODEL_DEPLOYMENT, "walk-good").gauge().value()).isZero();
        assertThat(client.services().inNamespace(namespace).withName("walk-good").get().getSpec().getSelector())
                .containsEntry(KilnLabels.REVISION, revisions.canary());
        Deployment serving = client.apps().deployments().inNamespace(namespace)
                .withName("walk-good-" + revisions.canary()).get();
        assertThat(serving.getSpec().getReplicas()).isEqualTo(4);
        assertThat(serving.getMetadata().getLabels()).containsEntry(KilnLabels.TRACK, "stable");
        assertThat(client.services().inNamespace(namespace).withName("walk-good-canary").get())
                .as("no canary after the promotion: its Service is gone").isNull();
        assertThat(client.services().inNamespace(namespace).withName("walk-good-stable").get())
                .as("replicas traffic has no stable-track Service").isNull();
    }

    @Test
    void slowCanaryIsRolledBackAtItsFirstAnalysisAndStableIsUntouched() {
        Revisions revisions = stableThenCanary("walk-slow", SLOW, 600);
        PodTemplateSpec stableTemplate = client.apps().deployments().inNamespace(namespace)
                .withName("walk-slow-" + revisions.stable()).get().getSpec().getTemplate();

        run("walk-slow", md -> md.getStatus().rollout != null && md.getStatus().rollout.phase == RolloutPhase.RolledBack,
                md -> { });
        ModelDeployment rolledBack = cluster.md("walk-slow");
        var rollout = rolledBack.getStatus().rollout;
        assertThat(rollout.reason).isEqualTo("AnalysisFailed");
        assertThat(rollout.message).startsWith("metric p99-latency failed 1 time(s), failureLimit 1, at step 2/5 (analysis)")
                .contains("max 250");
        assertThat(rollout.canaryWeight).isZero();
        assertThat(rollout.lastAnalysis).anySatisfy(a -> {
            assertThat(a.metric).isEqualTo("p99-latency");
            assertThat(a.verdict).isEqualTo("Failed");
            assertThat(a.canaryValue).isGreaterThan(250.0);
            assertThat(a.samples).isGreaterThanOrEqualTo(20L);
        });
        assertThat(rolledBack.getStatus().stableRevision).isEqualTo(revisions.stable());
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("walk-slow").getStatus().phase == Phase.Degraded);
        var stalled = Conditions.find(cluster.md("walk-slow").getStatus().conditions, ConditionTypes.STALLED).orElseThrow();
        assertThat(stalled.getStatus()).isEqualTo("True");
        assertThat(stalled.getReason()).isEqualTo(ConditionTypes.ROLLED_BACK);
        assertThat(stalled.getMessage()).contains("p99-latency").contains("samples");
        await().atMost(FakeCluster.WAIT).until(() -> events("walk-slow").stream().anyMatch(e ->
                RolloutActions.REASON_ROLLED_BACK.equals(e.getReason()) && "Warning".equals(e.getType())
                        && e.getMessage().contains("p99-latency") && e.getMessage().contains("max 250")
                        && e.getMessage().contains("samples")));

        // Traffic is back on stable at once; stable runs all replicas and was never restarted.
        assertThat(client.services().inNamespace(namespace).withName("walk-slow").get().getSpec().getSelector())
                .containsEntry(KilnLabels.REVISION, revisions.stable());
        Deployment stable = client.apps().deployments().inNamespace(namespace).withName("walk-slow-" + revisions.stable()).get();
        assertThat(stable.getSpec().getReplicas()).isEqualTo(4);
        assertThat(stable.getSpec().getTemplate()).isEqualTo(stableTemplate);

        // The canary is scaled to zero after scaleDownDelaySeconds but kept, so kiln.dev/retry can bring it back.
        run("walk-slow", md -> client.apps().deployments().inNamespace(namespace).withName("walk-slow-" + revisions.canary())
                .get().getSpec().getReplicas() == 0, md -> { });
        // Retried, the canary now serves nothing, so only the abort below can end its rollout.
        metrics.serve(revisions.canary(), IDLE);
        cluster.annotate("walk-slow", ManualControl.RETRY, "true");
        run("walk-slow", md -> md.getStatus().rollout.phase == RolloutPhase.Progressing
                && (md.getMetadata().getAnnotations() == null
                || !md.getMetadata().getAnnotations().containsKey(ManualControl.RETRY)), md -> { });
        // A human aborts the retried rollout: rolled back again, with the reason Aborted.
        cluster.annotate("walk-slow", ManualControl.ABORT, "true");
        run("walk-slow", md -> md.getStatus().rollout.phase == RolloutPhase.RolledBack, md -> { });
        ModelDeployment aborted = cluster.md("walk-slow");
        assertThat(aborted.getStatus().rollout.reason).isEqualTo("Aborted");
        assertThat(aborted.getMetadata().getAnnotations()).doesNotContainKey(ManualControl.ABORT);
        assertThat(aborted.getStatus().stableRevision).isEqualTo(revisions.stable());
        assertThat(count(OperatorMetrics.ROLLOUTS_STARTED, "walk-slow")).isEqualTo(2);
        assertThat(registry.get(OperatorMetrics.ROLLOUTS_ROLLED_BACK.meterName())
                .tags(OperatorMetrics.LABEL_MODEL_DEPLOYMENT, "walk-slow", OperatorMetrics.LABEL_REASON, "AnalysisFailed")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(OperatorMetrics.ROLLOUTS_ROLLED_BACK.meterName())
                .tags(OperatorMetrics.LABEL_MODEL_DEPLOYMENT, "walk-slow", OperatorMetrics.LABEL_REASON, "Aborted")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void canaryWithoutTrafficStaysInconclusiveThenFailsAtTheDeadline() {
        stableThenCanary("walk-idle", IDLE, 120);
        List<String> verdicts = new ArrayList<>();
        run("walk-idle", md -> md.getStatus().rollout != null && md.getStatus().rollout.phase == RolloutPhase.RolledBack,
                md -> {
                    if (md.getStatus().rollout != null && md.getStatus().rollout.lastAnalysis != null) {
                        md.getStatus().rollout.lastAnalysis.forEach(a -> verdicts.add(a.verdict));
                    }
                });
        assertThat(verdicts).isNotEmpty().containsOnly("Inconclusive");
        var rollout = cluster.md("walk-idle").getStatus().rollout;
        assertThat(rollout.reason).isEqualTo("ProgressDeadlineExceeded");
        assertThat(rollout.message).contains("step 2/5 (analysis)").contains("progressDeadlineSeconds 120");
    }

    @Test
    void aRestartMidAnalysisResumesAtTheSameStepWithTheSameCounters() {
        Revisions revisions = stableThenCanary("walk-restart", FAST, 600);
        run("walk-restart", md -> md.getStatus().rollout != null && md.getStatus().rollout.stepIndex == 1
                && md.getStatus().rollout.stepAnalysis.conclusiveMeasurements == 1, md -> { });
        // All the operator keeps in memory is the scrape baseline; the rest of the rollout is in status.
        baselines.forget(namespace + "/walk-restart");
        ModelDeployment resumed = cluster.md("walk-restart");
        assertThat(resumed.getStatus().rollout.stepIndex).isEqualTo(1);
        assertThat(resumed.getStatus().rollout.stepAnalysis.conclusiveMeasurements).isEqualTo(1);
        run("walk-restart", md -> md.getStatus().rollout.stepIndex > 1, md -> {
            assertThat(md.getStatus().rollout.stepIndex).isGreaterThanOrEqualTo(1);
            if (md.getStatus().rollout.stepIndex == 1) {
                assertThat(md.getStatus().rollout.stepAnalysis.conclusiveMeasurements).isGreaterThanOrEqualTo(1);
            }
        });
        run("walk-restart", md -> revisions.canary().equals(md.getStatus().stableRevision), md -> { });
    }

    @Test
    void pausedHoldsTheStepAndStopsTheDeadlineClock() {
        stableThenCanary("walk-paused", IDLE, 120);
        run("walk-paused", md -> md.getStatus().rollout != null && md.getStatus().rollout.stepIndex == 1, md -> { });
        patchSpec("walk-paused", "{\"spec\":{\"rollout\":{\"paused\":true}}}");
        run("walk-paused", md -> md.getStatus().phase == Phase.Paused, md -> { });
        // Well past the 120 s deadline in simulated time: held, not rolled back.
        for (int i = 0; i < 30; i++) {
            clock.advance(TICK);
        }
        java.time.Instant jumped = clock.instant();
        // Analysis keeps measuring while held: a measurement after the jump shows the operator looked again.
        run("walk-paused", md -> md.getStatus().rollout.lastMeasurementAt != null
                && java.time.Instant.parse(md.getStatus().rollout.lastMeasurementAt).isAfter(jumped), md -> { });
        ModelDeployment held = cluster.md("walk-paused");
        assertThat(held.getStatus().rollout.phase).isEqualTo(RolloutPhase.Paused);
        assertThat(held.getStatus().rollout.stepIndex).isEqualTo(1);
        assertThat(held.getStatus().rollout.message).contains("held by spec.rollout.paused");

        patchSpec("walk-paused", "{\"spec\":{\"rollout\":{\"paused\":false}}}");
        run("walk-paused", md -> md.getStatus().rollout.phase == RolloutPhase.RolledBack, md -> { });
        assertThat(cluster.md("walk-paused").getStatus().rollout.reason).isEqualTo("ProgressDeadlineExceeded");
    }

    private void patchSpec(String name, String mergePatch) {
        client.resources(ModelDeployment.class).inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    private record Revisions(String stable, String canary) {
    }

    /** Serves a first revision (stable at once), then changes the spec so a second one rolls out as the canary. */
    private Revisions stableThenCanary(String name, CannedPodMetrics.Behaviour canary, int deadlineSeconds) {
        return stableThenCanary(name, canary, rollout(deadlineSeconds));
    }

    private Revisions stableThenCanary(String name, CannedPodMetrics.Behaviour canary, RolloutSpec rollout) {
        ModelDeployment md = TestModelDeployments.orientation(name, namespace);
        md.getSpec().serving.replicas = 4;
        md.getSpec().rollout = rollout;
        ModelDeployment created = client.resource(md).create();
        Job first = cluster.awaitJob(name, created.getMetadata().getGeneration());
        String stable = first.getMetadata().getLabels().get(KilnLabels.REVISION);
        metrics.serve(stable, FAST);
        cluster.finishJob(first, FakeCluster.sampleSummary(), 0);
        run(name, m -> m.getStatus().phase == Phase.Healthy && stable.equals(m.getStatus().stableRevision), m -> { });
        assertThat(cluster.md(name).getStatus().rollout).as("the first revision becomes stable without a rollout").isNull();

        ModelDeployment changed = cluster.md(name);
        changed.getSpec().optimization.passes = List.of(OptimizationPass.GRAPH, OptimizationPass.INT8_DYNAMIC);
        changed = client.resource(changed).update();
        Job second = cluster.awaitJob(name, changed.getMetadata().getGeneration());
        String next = second.getMetadata().getLabels().get(KilnLabels.REVISION);
        metrics.serve(next, canary);
        cluster.finishJob(second, FakeCluster.sampleSummary(), 0);
        return new Revisions(stable, next);
    }

    private static RolloutSpec rollout(int deadlineSeconds) {
        RolloutSpec rollout = new RolloutSpec();
        rollout.steps = List.of(weight(10), analysis(2), weight(50), analysis(2), weight(100));
        rollout.progressDeadlineSeconds = deadlineSeconds;
        rollout.scaleDownDelaySeconds = 30;
        rollout.analysis = new AnalysisSpec();
        rollout.analysis.interval = "30s";
        rollout.analysis.failureLimit = 1;
        rollout.analysis.consecutiveSuccesses = 2;
        rollout.analysis.minSamples = 20;
        MetricSpec latency = new MetricSpec();
        latency.name = "p99-latency";
        latency.type = MetricSpec.Type.latency;
        latency.quantile = 0.99;
        latency.max = 250.0;
        latency.maxRatioToStable = 1.5;
        MetricSpec errors = new MetricSpec();
        errors.name = "server-errors";
        errors.type = MetricSpec.Type.errorRate;
        errors.max = 0.01;
        rollout.analysis.metrics = List.of(latency, errors);
        return rollout;
    }

    /**
     * Each poll: pods follow their Deployments, time moves on by a tick, and a metadata touch makes the operator
     * look again (as its own timers would). Bounded by SIMULATION of real time.
     */
    private void run(String name, Predicate<ModelDeployment> done, Consumer<ModelDeployment> observe) {
        await().atMost(SIMULATION).pollInterval(Duration.ofMillis(250)).until(() -> {
            pods.sync(name);
            clock.advance(TICK);
            cluster.touch(name);
            ModelDeployment md = cluster.md(name);
            if (md.getStatus() == null) {
                return false;
            }
            observe.accept(md);
            return done.test(md);
        });
    }

    /** A merge patch without resourceVersion, as kubectl annotate does: it never conflicts with the operator. */
    private static <T> void addIfNew(List<T> seen, T value) {
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
            seen.add(value);
        }
    }

    private int replicas(String deployment) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        return d == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
    }

    private double count(OperatorMetrics.Metric metric, String name) {
        return registry.get(metric.meterName()).tags(OperatorMetrics.LABEL_MODEL_DEPLOYMENT, name).counter().count();
    }

    private List<Event> events(String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private List<String> eventReasons(String name) {
        return events(name).stream().map(Event::getReason).toList();
    }
}
