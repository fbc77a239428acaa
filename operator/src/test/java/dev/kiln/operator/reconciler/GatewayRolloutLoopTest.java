package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.OptimizationPass;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.TrafficSpec;
import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * gatewayAPI traffic in the reconcile loop, on a mock API server that serves HTTPRoutes, with the test playing
 * the gateway controller ({@link FakeGateway}): the route exists from the first revision with all weight on
 * stable; a canary weight counts only once the route is Accepted for its generation; rollback zeroes it at once.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = GatewayApiCrdSetup.class)
class GatewayRolloutLoopTest {

    private static final Duration TICK = Duration.ofSeconds(10);
    private static final Duration SIMULATION = Duration.ofSeconds(90);
    private static final CannedPodMetrics.Behaviour FAST = new CannedPodMetrics.Behaviour(100, 2, 0);
    private static final CannedPodMetrics.Behaviour SLOW = new CannedPodMetrics.Behaviour(100, 6, 0);

    @Inject
    KubernetesClient client;

    @Inject
    AdjustableClock clock;

    @Inject
    CannedPodMetrics metrics;

    FakeCluster cluster;
    ServingPods pods;
    FakeGateway gateway;
    String namespace;
    boolean accepting;

    @BeforeEach
    void setUp() {
        namespace = client.getNamespace();
        cluster = new FakeCluster(client, namespace);
        pods = new ServingPods(client, namespace, metrics);
        gateway = new FakeGateway(client, namespace);
    }

    @Test
    void routeWeightsFollowTheStepsOnlyOnceTheGatewayAcceptsThem() {
        Revisions revisions = stableThenCanary("gw-good", FAST);

        // No gateway answers yet: the canary gets weight 10 on the route, but the step does not complete.
        accepting = false;
        run("gw-good", md -> canaryWeightOnRoute("gw-good") == 10, md -> { });
        long askedAt = gateway.route("gw-good").getMetadata().getGeneration();
        for (int i = 0; i < 6; i++) {
            run("gw-good", md -> true, md -> { });
        }
        ModelDeployment waiting = cluster.md("gw-good");
        assertThat(waiting.getStatus().rollout.stepIndex).as("setWeight 10 waits for Accepted").isZero();
        assertThat(waiting.getStatus().rollout.canaryWeight).isEqualTo(10);
        assertThat(waiting.getStatus().rollout.achievedWeight).as("nothing accepted yet").isNull();
        assertThat(waiting.getStatus().rollout.message).contains("waiting for canary weight 10 to take effect");
        assertThat(replicas("gw-good-" + revisions.canary())).as("the canary runs all its replicas").isEqualTo(4);
        assertThat(replicas("gw-good-" + revisions.stable())).as("stable keeps all its replicas").isEqualTo(4);
        assertThat(selector("gw-good-canary")).containsEntry(KilnLabels.REVISION, revisions.canary());
        assertThat(selector("gw-good-stable")).containsEntry(KilnLabels.REVISION, revisions.stable());

        accepting = true;
        List<Integer> weights = new ArrayList<>();
        List<Integer> achieved = new ArrayList<>();
        run("gw-good", md -> revisions.canary().equals(md.getStatus().stableRevision), md -> {
            addIfNew(weights, canaryWeightOnRoute("gw-good"));
            if (md.getStatus().rollout.achievedWeight != null) {
                addIfNew(achieved, md.getStatus().rollout.achievedWeight);
            }
            assertThat(selector("gw-good").get(KilnLabels.REVISION)).as("the main Service never selects both tracks")
                    .isNotNull();
        });
        assertThat(weights).containsSubsequence(10, 50, 100);
        assertThat(achieved).containsSubsequence(10, 50);
        assertThat(gateway.route("gw-good").getMetadata().getGeneration()).as("each weight is a new generation")
                .isGreaterThan(askedAt);
        assertThat(cluster.md("gw-good").getStatus().rollout.phase).isEqualTo(RolloutPhase.Promoted);

        // Promoted: <name>-stable selects the new revision and takes all the weight.
        run("gw-good", md -> md.getStatus().phase == Phase.Healthy && canaryWeightOnRoute("gw-good") == 0,
                md -> { });
        assertThat(selector("gw-good-stable")).containsEntry(KilnLabels.REVISION, revisions.canary());
        assertThat(selector("gw-good-canary")).as("no canary: the zero-weight backend selects stable")
                .containsEntry(KilnLabels.REVISION, revisions.canary());
    }

    @Test
    void aRollbackTakesTheCanaryWeightOffTheRouteAtOnce() {
        Revisions revisions = stableThenCanary("gw-slow", SLOW);
        accepting = true;
        List<Integer> weights = new ArrayList<>();
        run("gw-slow", md -> md.getStatus().rollout != null && md.getStatus().rollout.phase == RolloutPhase.RolledBack,
                md -> addIfNew(weights, canaryWeightOnRoute("gw-slow")));
        assertThat(weights).contains(10);
        assertThat(canaryWeightOnRoute("gw-slow")).as("weight 0 in the reconcile that rolled back").isZero();
        ModelDeployment rolledBack = cluster.md("gw-slow");
        assertThat(rolledBack.getStatus().rollout.reason).isEqualTo("AnalysisFailed");
        assertThat(rolledBack.getStatus().stableRevision).isEqualTo(revisions.stable());
        assertThat(selector("gw-slow-stable")).containsEntry(KilnLabels.REVISION, revisions.stable());
        assertThat(replicas("gw-slow-" + revisions.stable())).isEqualTo(4);
    }

    private record Revisions(String stable, String canary) {
    }

    /** A first revision (stable at once, the route all on stable), then a second that rolls out as the canary. */
    private Revisions stableThenCanary(String name, CannedPodMetrics.Behaviour canary) {
        ModelDeployment md = TestModelDeployments.orientation(name, namespace);
        md.getSpec().serving.replicas = 4;
        md.getSpec().rollout = rollout();
        ModelDeployment created = client.resource(md).create();
        Job first = cluster.awaitJob(name, created.getMetadata().getGeneration());
        String stable = first.getMetadata().getLabels().get(KilnLabels.REVISION);
        metrics.serve(stable, FAST);
        cluster.finishJob(first, FakeCluster.sampleSummary(), 0);
        run(name, m -> m.getStatus().phase == Phase.Healthy && gateway.route(name) != null, m -> { });

        HTTPRoute route = gateway.route(name);
        assertThat(route.getMetadata().getLabels()).containsEntry(KilnLabels.DEPLOYMENT, name);
        assertThat(route.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo(name));
        assertThat(route.getSpec().getParentRefs()).singleElement()
                .satisfies(p -> assertThat(p.getName()).isEqualTo("public"));
        assertThat(route.getSpec().getHostnames()).containsExactly("models.example.com");
        assertThat(route.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue()).isEqualTo("/v2");
        assertThat(route.getSpec().getRules().get(0).getBackendRefs())
                .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight, HTTPBackendRef::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(name + "-stable", 100, 8080),
                        org.assertj.core.groups.Tuple.tuple(name + "-canary", 0, 8080));
        assertThat(selector(name + "-stable")).containsEntry(KilnLabels.REVISION, stable);

        ModelDeployment changed = cluster.md(name);
        changed.getSpec().optimization.passes = List.of(OptimizationPass.GRAPH, OptimizationPass.INT8_DYNAMIC);
        changed = client.resource(changed).update();
        Job second = cluster.awaitJob(name, changed.getMetadata().getGeneration());
        String next = second.getMetadata().getLabels().get(KilnLabels.REVISION);
        metrics.serve(next, canary);
        cluster.finishJob(second, FakeCluster.sampleSummary(), 0);
        return new Revisions(stable, next);
    }

    private static RolloutSpec rollout() {
        RolloutSpec rollout = new RolloutSpec();
        rollout.steps = List.of(weight(10), analysis(2), weight(50), analysis(2), weight(100));
        rollout.progressDeadlineSeconds = 600;
        rollout.scaleDownDelaySeconds = 30;
        rollout.traffic = new TrafficSpec();
        rollout.traffic.gatewayAPI = new TrafficSpec.GatewayApi();
        TrafficSpec.ParentRef parent = new TrafficSpec.ParentRef();
        parent.name = "public";
        rollout.traffic.gatewayAPI.parentRefs = List.of(parent);
        rollout.traffic.gatewayAPI.hostnames = List.of("models.example.com");
        rollout.traffic.gatewayAPI.path = "/v2";
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
        rollout.analysis.metrics = List.of(latency);
        return rollout;
    }

    /**
     * Each poll: pods follow their Deployments, the gateway accepts the route when the test lets it, time moves
     * on by a tick, and a metadata touch makes the operator look again. Bounded by SIMULATION of real time.
     */
    private void run(String name, Predicate<ModelDeployment> done, Consumer<ModelDeployment> observe) {
        await().atMost(SIMULATION).pollInterval(Duration.ofMillis(250)).until(() -> {
            pods.sync(name);
            if (accepting) {
                gateway.accept(name);
            }
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

    private int canaryWeightOnRoute(String name) {
        HTTPRoute route = gateway.route(name);
        return route == null ? -1 : route.getSpec().getRules().get(0).getBackendRefs().get(1).getWeight();
    }

    private java.util.Map<String, String> selector(String service) {
        Service s = client.services().inNamespace(namespace).withName(service).get();
        assertThat(s).as("Service " + service).isNotNull();
        return s.getSpec().getSelector();
    }

    private int replicas(String deployment) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        return d == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
    }

    private static <T> void addIfNew(List<T> seen, T value) {
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
            seen.add(value);
        }
    }
}
