package dev.kiln.operator.reconciler;

import dev.kiln.contract.Outcome;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.status.ConditionTypes;
import dev.kiln.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Failed optimizations and invalid specs: reported, retried only by a new generation, never harming what serves. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class ModelDeploymentFailureTest {

    @Inject
    KubernetesClient client;

    FakeCluster cluster;
    String namespace;

    @BeforeEach
    void setUp() {
        namespace = client.getNamespace();
        cluster = new FakeCluster(client, namespace);
    }

    @Test
    void missedGoalsFailWithTheOptimizersMessageAndANewGenerationRetries() {
        ModelDeployment md = client.resource(TestModelDeployments.orientation("too-strict", namespace)).create();
        Job job = cluster.awaitJob("too-strict", md.getMetadata().getGeneration());
        cluster.finishJob(job, FakeCluster.failureSummary(Outcome.GoalsNotMet,
                "no variant meets maxLatencyMillis 0.1: the best, text-orientation/graph, has p99 0.74 ms"), 4);

        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("too-strict").getStatus().phase == Phase.Failed);
        ModelDeployment failed = cluster.md("too-strict");
        Condition stalled = Conditions.find(failed.getStatus().conditions, ConditionTypes.STALLED).orElseThrow();
        assertThat(stalled.getStatus()).isEqualTo("True");
        assertThat(stalled.getReason()).isEqualTo("GoalsNotMet");
        assertThat(stalled.getMessage()).contains("no variant meets maxLatencyMillis 0.1");
        assertThat(failed.getStatus().optimization.outcome).isEqualTo("GoalsNotMet");
        assertThat(cluster.deployments("too-strict")).isEmpty();
        assertThat(cluster.jobs("too-strict")).hasSize(1);

        // Same revision, new generation: the optimization runs again.
        failed.getSpec().serving.replicas = 1;
        ModelDeployment retried = client.resource(failed).update();
        Job second = cluster.awaitJob("too-strict", retried.getMetadata().getGeneration());
        assertThat(second.getMetadata().getLabels().get(KilnLabels.REVISION))
                .isEqualTo(job.getMetadata().getLabels().get(KilnLabels.REVISION));
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("too-strict").getStatus().phase == Phase.Optimizing);
    }

    @Test
    void aCrashWithoutSummaryReportsTheLogTail() {
        ModelDeployment md = client.resource(TestModelDeployments.orientation("crashes", namespace)).create();
        Job job = cluster.awaitJob("crashes", md.getMetadata().getGeneration());
        cluster.finishJob(job, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space", 1);

        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("crashes").getStatus().phase == Phase.Failed);
        Condition stalled = Conditions.find(cluster.md("crashes").getStatus().conditions, ConditionTypes.STALLED)
                .orElseThrow();
        assertThat(stalled.getReason()).isEqualTo("OptimizationFailed");
        assertThat(stalled.getMessage()).contains("OutOfMemoryError");
    }

    @Test
    void anInvalidSpecCreatesNothing() {
        ModelDeployment md = TestModelDeployments.orientation("unknown-accelerator", namespace);
        md.getSpec().serving.accelerator = "h100";
        client.resource(md).create();

        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("unknown-accelerator").getStatus() != null
                && cluster.md("unknown-accelerator").getStatus().phase != null);
        ModelDeployment invalid = cluster.md("unknown-accelerator");
        assertThat(invalid.getStatus().phase).isEqualTo(Phase.Failed);
        Condition stalled = Conditions.find(invalid.getStatus().conditions, ConditionTypes.STALLED).orElseThrow();
        assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
        assertThat(stalled.getMessage()).contains("spec.serving.accelerator").contains("h100");
        assertThat(cluster.jobs("unknown-accelerator")).isEmpty();
        assertThat(client.configMaps().inNamespace(namespace).withLabel(KilnLabels.DEPLOYMENT, "unknown-accelerator")
                .list().getItems()).isEmpty();
    }

    /** This mock API server has no Gateway API CRDs: gatewayAPI traffic is refused, naming both fixes. */
    @Test
    void gatewayApiTrafficWithoutTheGatewayApiCrdsIsRefusedAndCreatesNothing() {
        ModelDeployment md = TestModelDeployments.orientation("no-gateway-api", namespace);
        md.getSpec().rollout.traffic.gatewayAPI = new dev.kiln.operator.api.TrafficSpec.GatewayApi();
        var parent = new dev.kiln.operator.api.TrafficSpec.ParentRef();
        parent.name = "public";
        md.getSpec().rollout.traffic.gatewayAPI.parentRefs.add(parent);
        client.resource(md).create();

        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("no-gateway-api").getStatus() != null
                && cluster.md("no-gateway-api").getStatus().phase != null);
        ModelDeployment refused = cluster.md("no-gateway-api");
        assertThat(refused.getStatus().phase).isEqualTo(Phase.Failed);
        Condition stalled = Conditions.find(refused.getStatus().conditions, ConditionTypes.STALLED).orElseThrow();
        assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
        assertThat(stalled.getMessage()).contains("spec.rollout.traffic.gatewayAPI")
                .contains("install the Gateway API CRDs").contains("traffic.replicas");
        assertThat(cluster.jobs("no-gateway-api")).isEmpty();
    }

    @Test
    void whileServingAFailedJobAndAnInvalidSpecLeaveTheStableRevisionAlone() {
        ModelDeployment md = client.resource(TestModelDeployments.orientation("steady", namespace)).create();
        Job first = cluster.awaitJob("steady", md.getMetadata().getGeneration());
        String stable = first.getMetadata().getLabels().get(KilnLabels.REVISION);
        cluster.finishJob(first, FakeCluster.sampleSummary(), 0);
        cluster.markReady(cluster.awaitDeployment("steady-" + stable));
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("steady").getStatus().phase == Phase.Healthy);

        // A new model that cannot be read.
        ModelDeployment changed = cluster.md("steady");
        changed.getSpec().model.uri = "https://models.example.com/missing.onnx";
        changed = client.resource(changed).update();
        Job second = cluster.awaitJob("steady", changed.getMetadata().getGeneration());
        cluster.finishJob(second, FakeCluster.failureSummary(Outcome.ModelUnavailable,
                "cannot download https://models.example.com/missing.onnx: HTTP 404"), 3);
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("steady").getStatus().phase == Phase.Degraded);
        ModelDeployment degraded = cluster.md("steady");
        assertThat(Conditions.find(degraded.getStatus().conditions, ConditionTypes.STALLED).orElseThrow().getReason())
                .isEqualTo("ModelUnavailable");
        assertThat(Conditions.isTrue(degraded.getStatus().conditions, ConditionTypes.READY)).isTrue();
        assertThat(degraded.getStatus().stableRevision).isEqualTo(stable);
        assertServing("steady", stable);

        // Then an invalid spec: reported, and still nothing serving is touched.
        degraded.getSpec().serving.accelerator = "tpu-v5";
        client.resource(degraded).update();
        await().atMost(FakeCluster.WAIT).until(() -> Conditions.find(cluster.md("steady").getStatus().conditions,
                ConditionTypes.STALLED).map(c -> c.getReason().equals("InvalidSpec")).orElse(false));
        assertThat(cluster.md("steady").getStatus().phase).isEqualTo(Phase.Degraded);
        assertServing("steady", stable);
        assertThat(cluster.jobs("steady")).hasSize(2);
    }

    private void assertServing(String name, String revision) {
        assertThat(cluster.deployments(name)).extracting(d -> d.getMetadata().getName())
                .containsExactly(name + "-" + revision);
        Deployment deployment = cluster.deployments(name).get(0);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(client.services().inNamespace(namespace).withName(name).get().getSpec().getSelector())
                .containsEntry(KilnLabels.REVISION, revision);
    }
}
