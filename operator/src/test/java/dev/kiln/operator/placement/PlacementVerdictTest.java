package dev.kiln.operator.placement;

import dev.kiln.operator.api.ServingSpec.CapacityPolicy;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.kiln.operator.placement.ClusterFixtures.GPU;
import static org.assertj.core.api.Assertions.assertThat;

class PlacementVerdictTest {

    static final List<Node> ONE_GPU = List.of(ClusterFixtures.gpuNode("gpu-a", 1, "NVIDIA-L4"));
    static final List<Pod> GPU_TAKEN = List.of(ClusterFixtures.running("other", "gpu-a", GPU, "1"));

    @ParameterizedTest(name = "{0} with {1}, policy {2} -> {3}")
    @CsvSource(nullValues = "-", textBlock = """
            nvidia-gpu, free, Wait, Place nvidia-gpu
            nvidia-gpu, free, Hold, Place nvidia-gpu
            nvidia-gpu, full, Wait, Place nvidia-gpu short
            nvidia-gpu, full, -,    Place nvidia-gpu short
            nvidia-gpu, full, Hold, Hold nvidia-gpu job-waits
            ascend-npu, free, Wait, Invalid ascend-npu
            ascend-npu, full, Hold, Invalid ascend-npu
            """)
    void policyDecidesWhatAShortageDoes(String accelerator, String capacity, CapacityPolicy policy, String expected) {
        PlacementRequest request = new PlacementRequest(accelerator, 1, ResourceAmounts.NONE, Map.of(), null, List.of(),
                PlacedPods.NONE);
        PlacementDecision decision = PlacementSelector.select(request,
                List.of(ClusterFixtures.shipped("nvidia-gpu"), ClusterFixtures.shipped("ascend-npu")),
                new ClusterSnapshot(ONE_GPU, capacity.equals("full") ? GPU_TAKEN : List.of()));

        PlacementVerdict verdict = PlacementVerdict.decide(decision, policy);

        assertThat(describe(verdict)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "measureOnClass={0}")
    @CsvSource({"true, false", "false, true"})
    void heldRevisionStillOptimizesWhenTheJobRunsOnCpu(boolean measureOnClass, boolean jobMayRun) {
        var gpu = ClusterFixtures.shipped("nvidia-gpu");
        gpu.getSpec().optimization.measureOnClass = measureOnClass;
        PlacementRequest request = new PlacementRequest("nvidia-gpu", 1, ResourceAmounts.NONE, Map.of(), null, List.of(),
                PlacedPods.NONE);

        PlacementVerdict verdict = PlacementVerdict.decide(
                PlacementSelector.select(request, List.of(gpu), new ClusterSnapshot(ONE_GPU, GPU_TAKEN)),
                CapacityPolicy.Hold);

        assertThat(((PlacementVerdict.Hold) verdict).jobMayRun()).isEqualTo(jobMayRun);
        assertThat(((PlacementVerdict.Hold) verdict).status().reason).contains("nvidia-gpu: fits 0");
    }

    static String describe(PlacementVerdict verdict) {
        if (verdict instanceof PlacementVerdict.Place place) {
            return "Place " + place.profile().name() + (place.shortage().isPresent() ? " short" : "");
        }
        if (verdict instanceof PlacementVerdict.Hold hold) {
            return "Hold " + hold.profile().name() + (hold.jobMayRun() ? " job-runs" : " job-waits");
        }
        return "Invalid " + ((PlacementVerdict.Invalid) verdict).accelerator();
    }
}
