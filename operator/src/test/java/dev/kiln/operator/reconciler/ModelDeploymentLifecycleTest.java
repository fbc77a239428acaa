package dev.kiln.operator.reconciler;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.status.ConditionTypes;
import dev.kiln.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Applied, optimized, served, replaced by a new revision, deleted: the happy path end to end on the mock API. */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class ModelDeploymentLifecycleTest {

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry registry;

    FakeCluster cluster;
    String namespace;

    @BeforeEach
    void setUp() {
        namespace = client.getNamespace();
        cluster = new FakeCluster(client, namespace);
    }

    @Test
    void appliedModelIsOptimizedServedReplacedAndOwned() throws Exception {
        ModelDeployment created = client.resource(TestModelDeployments.orientation("orientation", namespace)).create();

        // 1. The optimization Job, with the plan mounted and the right command line.
        Job job = cluster.awaitJob("orientation", created.getMetadata().getGeneration());
        String revision = job.getMetadata().getLabels().get(KilnLabels.REVISION);
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsExactly("optimize",
                "--plan", "/kiln/plan/plan.json",
                "--model", "/kiln/sources/models/ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx",
                "--out", "/kiln/artifacts/" + namespace + "/orientation/" + revision,
                "--termination-log", "/dev/termination-log",
                "--ep", "cpu");
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
        assertOwnedBy(job.getMetadata().getOwnerReferences(), created);
        ConfigMap plan = await().atMost(FakeCluster.WAIT).until(() -> client.configMaps().inNamespace(namespace)
                .withName(job.getMetadata().getName()).get(), cm -> cm != null);
        OptimizationPlan parsed = Contracts.mapper().readValue(plan.getData().get("plan.json"), OptimizationPlan.class);
        assertThat(parsed.model().uri()).isEqualTo("/kiln/sources/models/ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx");
        assertThat(parsed.passes()).containsExactly("graph");
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("orientation").getStatus() != null
                && cluster.md("orientation").getStatus().phase == Phase.Optimizing);

        // 2. The Job succeeds; its pod's termination message carries the summary.
        cluster.finishJob(job, FakeCluster.sampleSummary(), 0);
        Deployment deployment = cluster.awaitDeployment("orientation-" + revision);
        var server = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(server.getArgs()).containsSubsequence("serve", "--model",
                "/kiln/artifacts/" + namespace + "/orientation/" + revision + "/model.onnx",
                "--name", "text-orientation", "--port", "8080", "--ep", "cpu");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getMetadata().getLabels()).containsEntry(KilnLabels.TRACK, "stable");
        assertOwnedBy(deployment.getMetadata().getOwnerReferences(), created);
        Service service = await().atMost(FakeCluster.WAIT).until(
                () -> client.services().inNamespace(namespace).withName("orientation").get(), s -> s != null);
        assertThat(service.getSpec().getSelector()).containsEntry(KilnLabels.REVISION, revision);
        assertOwnedBy(service.getMetadata().getOwnerReferences(), created);
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("orientation").getStatus().phase == Phase.Deploying);

        // 3. The pods become ready: Healthy, Ready, and the optimizer's report in status.
        cluster.markReady(deployment);
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("orientation").getStatus().phase == Phase.Healthy);
        ModelDeployment healthy = cluster.md("orientation");
        assertThat(healthy.getStatus().observedGeneration).isEqualTo(healthy.getMetadata().getGeneration());
        assertThat(Conditions.isTrue(healthy.getStatus().conditions, ConditionTypes.READY)).isTrue();
        assertThat(Conditions.isTrue(healthy.getStatus().conditions, ConditionTypes.OPTIMIZED)).isTrue();
        assertThat(Conditions.isTrue(healthy.getStatus().conditions, ConditionTypes.STALLED)).isFalse();
        assertThat(healthy.getStatus().stableRevision).isEqualTo(revision);
        assertThat(healthy.getStatus().readyReplicas).isEqualTo(2);
        assertThat(healthy.getStatus().url).isEqualTo("http://orientation." + namespace + ".svc:8080");
        assertThat(healthy.getStatus().optimization.selected).isEqualTo("text-orientation/graph");
        assertThat(healthy.getStatus().optimization.variants).hasSize(3);
        assertThat(healthy.getStatus().optimization.artifactPath)
                .isEqualTo(namespace + "/orientation/" + revision + "/model.onnx");
        await().atMost(FakeCluster.WAIT).until(() -> eventReasons("orientation").containsAll(
                List.of("Optimizing", "Deploying", "Serving")));
        assertThat(registry.get(ReconcileMetrics.PHASE_TRANSITIONS).tags("from", "Deploying", "to", "Healthy")
                .counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(ReconcileMetrics.RECONCILIATIONS).counter().count()).isGreaterThanOrEqualTo(3);

        // 4. A spec change while serving: the old revision serves until the new one is fully ready.
        ModelDeployment changed = cluster.md("orientation");
        changed.getSpec().optimization.passes = List.of(dev.kiln.operator.api.OptimizationPass.GRAPH,
                dev.kiln.operator.api.OptimizationPass.INT8_DYNAMIC);
        changed = client.resource(changed).update();
        Job second = cluster.awaitJob("orientation", changed.getMetadata().getGeneration());
        String next = second.getMetadata().getLabels().get(KilnLabels.REVISION);
        assertThat(next).isNotEqualTo(revision);
        cluster.finishJob(second, FakeCluster.sampleSummary(), 0);
        Deployment candidate = cluster.awaitDeployment("orientation-" + next);
        assertThat(candidate.getMetadata().getLabels()).containsEntry(KilnLabels.TRACK, "canary");
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("orientation").getStatus().phase == Phase.Progressing);
        assertThat(client.services().inNamespace(namespace).withName("orientation").get().getSpec().getSelector())
                .containsEntry(KilnLabels.REVISION, revision);
        assertThat(client.apps().deployments().inNamespace(namespace).withName("orientation-" + revision).get())
                .as("the old revision keeps serving while the new one comes up").isNotNull();
        assertThat(cluster.md("orientation").getStatus().stableRevision).isEqualTo(revision);

        cluster.markReady(candidate);
        await().atMost(FakeCluster.WAIT).until(() -> next.equals(cluster.md("orientation").getStatus().stableRevision)
                && cluster.md("orientation").getStatus().phase == Phase.Healthy);
        await().atMost(FakeCluster.WAIT).until(() -> client.apps().deployments().inNamespace(namespace)
                .withName("orientation-" + revision).get() == null);
        assertThat(client.services().inNamespace(namespace).withName("orientation").get().getSpec().getSelector())
                .containsEntry(KilnLabels.REVISION, next);
        await().atMost(FakeCluster.WAIT).until(() -> client.apps().deployments().inNamespace(namespace)
                .withName("orientation-" + next).get().getMetadata().getLabels().get(KilnLabels.TRACK).equals("stable"));

        // 5. Scaling is not a new revision: the same Deployment follows the replica count.
        ModelDeployment scaled = cluster.md("orientation");
        scaled.getSpec().serving.replicas = 3;
        client.resource(scaled).update();
        await().atMost(FakeCluster.WAIT).until(() -> client.apps().deployments().inNamespace(namespace)
                .withName("orientation-" + next).get().getSpec().getReplicas() == 3);
        assertThat(cluster.jobs("orientation")).hasSize(2);

        // 6. Deletion: the mock API has no garbage collector, so the owner references are what cleans up.
        ModelDeployment last = cluster.md("orientation");
        for (Deployment d : cluster.deployments("orientation")) {
            assertOwnedBy(d.getMetadata().getOwnerReferences(), last);
        }
        for (Job j : cluster.jobs("orientation")) {
            assertOwnedBy(j.getMetadata().getOwnerReferences(), last);
        }
        client.resource(last).delete();
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("orientation") == null);
    }

    private List<String> eventReasons(String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList();
    }

    private static void assertOwnedBy(List<OwnerReference> owners, ModelDeployment md) {
        assertThat(owners).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("ModelDeployment");
            assertThat(owner.getApiVersion()).isEqualTo("kiln.dev/v1alpha1");
            assertThat(owner.getName()).isEqualTo(md.getMetadata().getName());
            assertThat(owner.getUid()).isEqualTo(md.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
    }
}
