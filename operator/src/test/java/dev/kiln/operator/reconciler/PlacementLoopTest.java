package dev.kiln.operator.reconciler;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.operator.api.AcceleratorClass;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ServingSpec;
import dev.kiln.operator.api.ShippedAcceleratorClasses;
import dev.kiln.operator.placement.PlacementConditions;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Placement on the mock API server with Node objects as GPU feature discovery and the device plugins describe
 * them: what the Job and Deployment get from their class, auto choosing by capacity, and a shortage that
 * resolves when a node is added.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class PlacementLoopTest {

    static final String GPU = "nvidia.com/gpu";
    static final String NPU = "huawei.com/Ascend910";

    @Inject
    KubernetesClient client;

    FakeCluster cluster;
    String namespace;

    @BeforeEach
    void setUp() {
        namespace = client.getNamespace();
        cluster = new FakeCluster(client, namespace);
        for (String name : List.of("nvidia-gpu", "ascend-npu", "cpu")) {
            client.resource(ShippedAcceleratorClasses.load(name)).create();
        }
    }

    @AfterEach
    void cleanUp() {
        client.resources(ModelDeployment.class).inNamespace(namespace).delete();
        client.resources(AcceleratorClass.class).delete();
        client.nodes().delete();
        client.resources(ResourceClaimTemplate.class).inNamespace(namespace).delete();
        client.pods().inAnyNamespace().delete();
        client.batch().v1().jobs().inNamespace(namespace).delete();
        client.apps().deployments().inNamespace(namespace).delete();
    }

    @Test
    void gpuDeploymentGetsGpuLimitsAffinityTolerationsImageAndEp() throws Exception {
        node(gpuNode("gpu-a", 2));
        node(cpuNode("cpu-a"));

        Deployment deployment = deployAndServe(md("vision", "nvidia-gpu", 2), "nvidia-gpu");

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertThat(server.getResources().getLimits()).containsEntry(GPU, new Quantity("1"));
        assertThat(server.getImage()).isEqualTo("kiln-runtime:0.1.0-cuda");
        assertThat(server.getArgs()).containsSubsequence("--ep", "cuda");
        assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(pod.getTolerations()).extracting(Toleration::getKey).contains(GPU);
        assertThat(deployment.getMetadata().getLabels()).containsEntry(KilnLabels.ACCELERATOR, "nvidia-gpu");
        ModelDeployment md = cluster.md("vision");
        assertThat(md.getStatus().placement.accelerator).isEqualTo("nvidia-gpu");
        assertThat(md.getStatus().placement.executionProvider).isEqualTo("cuda");
        assertThat(md.getStatus().placement.reason).contains("nvidia-gpu: fits 2");
        assertThat(placed(md).getStatus()).isEqualTo("True");
    }

    @Test
    void npuDeploymentGetsAscendLimitsAndCann() throws Exception {
        node(npuNode("npu-a", 8));

        Deployment deployment = deployAndServe(md("ocr-npu", "ascend-npu", 2), "ascend-npu");

        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertThat(server.getResources().getLimits()).containsEntry(NPU, new Quantity("1"));
        assertThat(server.getResources().getRequests()).containsEntry(NPU, new Quantity("1"));
        assertThat(server.getImage()).isEqualTo("kiln-runtime:0.1.0-cann");
        assertThat(server.getArgs()).containsSubsequence("--ep", "cann");
        assertThat(pod.getNodeSelector()).containsEntry("accelerator", "huawei-Ascend910");
        assertThat(pod.getTolerations()).extracting(Toleration::getKey).contains(NPU);
    }

    @Test
    void autoPicksTheGpuWhileItHasRoomAndTheCpuWhenItIsFull() throws Exception {
        node(gpuNode("gpu-a", 2));
        node(cpuNode("cpu-a"));

        deployAndServe(md("first", "auto", 2), "nvidia-gpu");
        // The first deployment's pods now hold both GPUs, as the kubelet would report them.
        for (int i = 0; i < 2; i++) {
            runningPod("first-" + i, "gpu-a", GPU, "1");
        }
        Deployment second = deployAndServe(md("second", "auto", 2), "cpu");

        assertThat(second.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSubsequence("--ep", "cpu");
        // Chosen when its Job was created (labelled cpu, checked above); later reconciles keep that class.
        assertThat(cluster.md("second").getStatus().placement.reason)
                .contains("auto keeps the class it chose for this revision, cpu");
        assertThat(cluster.md("first").getStatus().placement.accelerator)
                .as("auto keeps the GPU for the revision it placed there").isEqualTo("nvidia-gpu");
    }

    @Test
    void fullClusterIsInsufficientAndRecoversWhenANodeIsAdded() throws Exception {
        node(gpuNode("gpu-a", 1));
        runningPod("training", "gpu-a", GPU, "1");
        ModelDeployment held = md("held", "nvidia-gpu", 2);
        held.getSpec().serving.capacityPolicy = ServingSpec.CapacityPolicy.Hold;
        client.resource(held).create();

        Condition shortage = await().atMost(FakeCluster.WAIT).until(() -> placedCondition("held"),
                c -> c.isPresent() && "InsufficientAccelerators".equals(c.get().getReason())).orElseThrow();
        assertThat(shortage.getStatus()).isEqualTo("False");
        assertThat(shortage.getMessage()).contains("capacityPolicy Hold", "needs 2 replicas", "nvidia-gpu: fits 0");
        assertThat(cluster.jobs("held")).as("Hold: the Job measures on the GPU, which has no room").isEmpty();

        node(gpuNode("gpu-b", 2));

        Job job = cluster.awaitJob("held", 1);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .containsEntry(GPU, new Quantity("1"));
        await().atMost(FakeCluster.WAIT).until(() -> placedCondition("held").map(Condition::getStatus),
                s -> s.equals(Optional.of("True")));
    }

    @Test
    void draClassGetsAResourceClaimTemplateThatJobAndPodsClaimFrom() throws Exception {
        client.resource(ShippedAcceleratorClasses.load("nvidia-gpu-dra")).create();
        node(gpuNode("gpu-a", 2));

        Deployment deployment = deployAndServe(md("dra", "nvidia-gpu-dra", 2), "nvidia-gpu-dra");

        ResourceClaimTemplate template = client.resources(ResourceClaimTemplate.class).inNamespace(namespace)
                .withName("dra-nvidia-gpu-dra").get();
        assertThat(template.getSpec().getSpec().getDevices().getRequests()).singleElement()
                .satisfies(r -> assertThat(r.getExactly().getDeviceClassName()).isEqualTo("gpu.nvidia.com"));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getResourceClaims()).singleElement()
                .satisfies(c -> assertThat(c.getResourceClaimTemplateName()).isEqualTo("dra-nvidia-gpu-dra"));
        assertThat(pod.getContainers().get(0).getResources().getClaims()).isNotEmpty();
        assertThat(cluster.jobs("dra").get(0).getSpec().getTemplate().getSpec().getResourceClaims()).isNotEmpty();
    }

    @Test
    void unknownClassIsAnInvalidSpecNamingIt() {
        node(cpuNode("cpu-a"));
        client.resource(md("typo", "nvidia-gpus", 1)).create();

        await().atMost(FakeCluster.WAIT).until(() -> placedCondition("typo"),
                c -> c.isPresent() && "InvalidAccelerator".equals(c.get().getReason()));
        ModelDeployment md = cluster.md("typo");
        assertThat(Conditions.find(md.getStatus().conditions, "Stalled").orElseThrow().getMessage())
                .contains("spec.serving.accelerator: no AcceleratorClass named 'nvidia-gpus'");
        assertThat(cluster.jobs("typo")).isEmpty();
    }

    /** Applies the ModelDeployment, checks its Job runs on the class, finishes it and returns the Deployment. */
    private Deployment deployAndServe(ModelDeployment md, String expectedClass) throws Exception {
        ModelDeployment created = client.resource(md).create();
        Job job = cluster.awaitJob(md.getMetadata().getName(), created.getMetadata().getGeneration());
        assertThat(job.getMetadata().getLabels()).containsEntry(KilnLabels.ACCELERATOR, expectedClass);
        OptimizationPlan plan = Contracts.mapper().readValue(await().atMost(FakeCluster.WAIT).until(
                () -> client.configMaps().inNamespace(namespace).withName(job.getMetadata().getName()).get(),
                cm -> cm != null).getData().get("plan.json"), OptimizationPlan.class);
        AcceleratorClass accelerator = ShippedAcceleratorClasses.load(expectedClass);
        boolean onClass = accelerator.getSpec().optimization.measureOnClass;
        String ep = accelerator.getSpec().runtime.executionProvider.wireName();
        assertThat(plan.executionProvider()).isEqualTo(onClass ? ep : "cpu");
        assertThat(plan.autoPasses()).containsExactlyElementsOf(accelerator.getSpec().optimization.autoPasses.stream()
                .map(p -> p.wireName()).toList());
        Container optimizer = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(optimizer.getArgs()).containsSubsequence("--ep", onClass ? ep : "cpu");
        if (onClass && accelerator.getSpec().resourceName != null) {
            assertThat(optimizer.getResources().getLimits()).containsEntry(accelerator.getSpec().resourceName,
                    new Quantity("1"));
        }

        cluster.finishJob(job, FakeCluster.sampleSummary(), 0);
        String revision = job.getMetadata().getLabels().get(KilnLabels.REVISION);
        Deployment deployment = cluster.awaitDeployment(md.getMetadata().getName() + "-" + revision);
        await().atMost(FakeCluster.WAIT).until(() -> {
            ModelDeployment now = cluster.md(md.getMetadata().getName());
            return now.getStatus() != null && now.getStatus().placement != null
                    && expectedClass.equals(now.getStatus().placement.accelerator);
        });
        return deployment;
    }

    private ModelDeployment md(String name, String accelerator, int replicas) {
        ModelDeployment md = TestModelDeployments.orientation(name, namespace);
        md.getSpec().serving.accelerator = accelerator;
        md.getSpec().serving.replicas = replicas;
        return md;
    }

    private Optional<Condition> placedCondition(String name) {
        ModelDeployment md = cluster.md(name);
        return md == null || md.getStatus() == null ? Optional.empty()
                : Conditions.find(md.getStatus().conditions, PlacementConditions.TYPE);
    }

    private static Condition placed(ModelDeployment md) {
        return Conditions.find(md.getStatus().conditions, PlacementConditions.TYPE).orElseThrow();
    }

    private void node(Node node) {
        client.nodes().resource(node).create();
    }

    private void runningPod(String name, String nodeName, String resource, String amount) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("other").endMetadata()
                .withNewSpec().withNodeName(nodeName)
                .addNewContainer().withName("main").withImage("trainer")
                .withNewResources().addToRequests(resource, new Quantity(amount)).addToLimits(resource, new Quantity(amount))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build();
        client.pods().inNamespace("other").resource(pod).create();
    }

    static Node gpuNode(String name, int gpus) {
        return new NodeBuilder(cpuNode(name))
                .editMetadata()
                    .addToLabels("nvidia.com/gpu.present", "true")
                    .addToLabels("nvidia.com/gpu.product", "NVIDIA-L4")
                    .addToLabels("nvidia.com/gpu.count", Integer.toString(gpus))
                .endMetadata()
                .editSpec().addToTaints(new Taint("NoSchedule", GPU, null, "present")).endSpec()
                .editStatus().addToAllocatable(GPU, new Quantity(Integer.toString(gpus))).endStatus()
                .build();
    }

    static Node npuNode(String name, int npus) {
        return new NodeBuilder(cpuNode(name))
                .editMetadata().addToLabels("accelerator", "huawei-Ascend910").endMetadata()
                .editSpec().addToTaints(new Taint("NoSchedule", NPU, null, null)).endSpec()
                .editStatus().addToAllocatable(NPU, new Quantity(Integer.toString(npus))).endStatus()
                .build();
    }

    static Node cpuNode(String name) {
        return new NodeBuilder()
                .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(Map.of("cpu", new Quantity("16"), "memory", new Quantity("64Gi"),
                        "pods", new Quantity("110"))).endStatus()
                .build();
    }
}
