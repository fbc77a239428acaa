package dev.kiln.operator.placement;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentSpec;
import dev.kiln.operator.api.ModelSource;
import dev.kiln.operator.api.ModelDeploymentStatus;
import dev.kiln.operator.api.PlacementStatus;
import dev.kiln.operator.api.ServingSpec;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kiln.operator.placement.ClusterFixtures.GPU;
import static org.assertj.core.api.Assertions.assertThat;

/** From a ModelDeployment to a verdict and its Placed condition, and what re-checks it. */
class PlacementResolverTest {

    static final Map<String, String> REVISION = Map.of("kiln.dev/deployment", "ocr", "kiln.dev/revision", "r1");

    static ModelDeployment md(String accelerator, ServingSpec.CapacityPolicy policy, String cpuPerReplica) {
        ModelDeployment md = new ModelDeployment();
        md.setMetadata(new ObjectMetaBuilder().withName("ocr").withNamespace("ml").build());
        md.setSpec(new ModelDeploymentSpec());
        md.getSpec().model = new ModelSource();
        md.getSpec().serving.accelerator = accelerator;
        md.getSpec().serving.capacityPolicy = policy;
        if (cpuPerReplica != null) {
            md.getSpec().serving.resources = new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity(cpuPerReplica)).build();
        }
        return md;
    }

    static ClusterSnapshot gpuCluster(int freeGpus) {
        var pods = freeGpus >= 2 ? List.<io.fabric8.kubernetes.api.model.Pod>of()
                : List.of(ClusterFixtures.running("other", "gpu-a", GPU, Integer.toString(2 - freeGpus)));
        return new ClusterSnapshot(List.of(ClusterFixtures.gpuNode("gpu-a", 2, "NVIDIA-L4"),
                ClusterFixtures.cpuNode("cpu-a")), pods);
    }

    @Test
    void gpuWithRoomIsPlacedAndTheConditionIsTrue() {
        PlacementVerdict verdict = PlacementResolver.resolve(md("nvidia-gpu", null, null), 2, REVISION,
                List.of(ClusterFixtures.shipped("nvidia-gpu")), gpuCluster(2), null);

        Condition condition = PlacementConditions.of(verdict);
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("Placed");
        assertThat(((PlacementVerdict.Place) verdict).status().executionProvider).isEqualTo("cuda");
    }

    @Test
    void shortageUnderWaitPlacesAnywayWithInsufficientAccelerators() {
        PlacementVerdict verdict = PlacementResolver.resolve(md("nvidia-gpu", null, null), 2, REVISION,
                List.of(ClusterFixtures.shipped("nvidia-gpu")), gpuCluster(1), null);

        Condition condition = PlacementConditions.of(verdict);
        assertThat(verdict).isInstanceOf(PlacementVerdict.Place.class);
        assertThat(condition.getStatus()).isEqualTo("False");
        assertThat(condition.getReason()).isEqualTo("InsufficientAccelerators");
        assertThat(condition.getMessage()).contains("capacityPolicy Wait", "needs 2 replicas", "nvidia-gpu: fits 1");
    }

    @Test
    void shortageUnderHoldHolds() {
        PlacementVerdict verdict = PlacementResolver.resolve(md("nvidia-gpu", ServingSpec.CapacityPolicy.Hold, null), 2,
                REVISION, List.of(ClusterFixtures.shipped("nvidia-gpu")), gpuCluster(0), null);

        assertThat(verdict).isInstanceOf(PlacementVerdict.Hold.class);
        assertThat(PlacementConditions.of(verdict).getMessage()).contains("capacityPolicy Hold", "fits 0");
    }

    @Test
    void servingResourcesCountAgainstTheClass() {
        PlacementVerdict verdict = PlacementResolver.resolve(md("cpu", null, "10"), 2, REVISION,
                List.of(ClusterFixtures.shipped("cpu")), new ClusterSnapshot(List.of(ClusterFixtures.cpuNode("cpu-a")), List.of()), null);

        assertThat(PlacementConditions.of(verdict).getMessage()).contains("needs 2 replicas (each cpu=10", "cpu: fits 1");
    }

    @Test
    void unknownClassIsInvalidAccelerator() {
        Condition condition = PlacementConditions.of(PlacementResolver.resolve(md("tpu", null, null), 1, REVISION,
                List.of(ClusterFixtures.shipped("cpu")), gpuCluster(2), null));

        assertThat(condition.getReason()).isEqualTo("InvalidAccelerator");
        assertThat(condition.getMessage()).contains("spec.serving.accelerator", "'tpu'");
    }

    @Test
    void onlyModelDeploymentsNotPlacedAreRecheckedOnNodeAndPodChanges() {
        ModelDeployment fresh = md("auto", null, null);
        ModelDeployment placed = md("auto", null, null);
        placed.setStatus(new ModelDeploymentStatus());
        placed.getStatus().placement = new PlacementStatus();
        placed.getStatus().conditions = List.of(condition("True"));
        ModelDeployment waiting = md("auto", null, null);
        waiting.setStatus(new ModelDeploymentStatus());
        waiting.getStatus().placement = new PlacementStatus();
        waiting.getStatus().conditions = List.of(condition("False"));

        assertThat(PlacementEventSources.waiting(fresh)).isTrue();
        assertThat(PlacementEventSources.waiting(placed)).isFalse();
        assertThat(PlacementEventSources.waiting(waiting)).isTrue();
    }

    @Test
    void onlyChangesThatAlterCapacityCount() {
        var node = ClusterFixtures.gpuNode("gpu-a", 2, "NVIDIA-L4");
        var heartbeat = new NodeBuilder(node).editStatus().addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build();

        assertThat(PlacementEventSources.capacityChanged(heartbeat, node)).isFalse();
        assertThat(PlacementEventSources.capacityChanged(ClusterFixtures.cordoned(node), node)).isTrue();
        assertThat(PlacementEventSources.capacityChanged(ClusterFixtures.withAllocatable(node, GPU, "1"), node)).isTrue();
        assertThat(PlacementEventSources.capacityChanged(ClusterFixtures.labelled(node, "zone", "a"), node)).isTrue();

        var pending = ClusterFixtures.pod("p", null, "Pending", Map.of());
        var bound = new PodBuilder(pending).editSpec().withNodeName("gpu-a").endSpec().build();
        var done = new PodBuilder(bound).editStatus().withPhase("Succeeded").endStatus().build();
        var relabelled = new PodBuilder(bound).editMetadata().addToLabels("x", "y").endMetadata().build();
        assertThat(PlacementEventSources.boundOrFinished(bound, pending)).isTrue();
        assertThat(PlacementEventSources.boundOrFinished(done, bound)).isTrue();
        assertThat(PlacementEventSources.boundOrFinished(relabelled, bound)).isFalse();
    }

    private static Condition condition(String status) {
        return new ConditionBuilder().withType(PlacementConditions.TYPE).withStatus(status).withReason("x").build();
    }
}
