package dev.kiln.operator.placement;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.OptimizationPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OptimizationTargetTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            nvidia-gpu         | cuda | graph,fp16         | true
            nvidia-mig-1g-10gb | cuda | graph,fp16         | true
            ascend-npu         | cann | graph,int8-dynamic | true
            cpu                | cpu  | graph,int8-dynamic | false
            """)
    void classDecidesAutoPassesAndWhereLatencyIsMeasured(String accelerator, String ep, String passes, boolean onClass) {
        AcceleratorProfile profile = AcceleratorProfile.from(ClusterFixtures.shipped(accelerator));

        OptimizationTarget target = OptimizationTarget.of(profile);

        assertThat(target.executionProvider()).isEqualTo(ep);
        assertThat(target.autoPasses()).containsExactlyElementsOf(Arrays.asList(passes.split(",")));
        assertThat(target.jobPlacement()).isEqualTo(onClass ? Optional.of(profile) : Optional.empty());
    }

    @ParameterizedTest(name = "measureOnClass={0}")
    @CsvSource({"true, cuda", "false, cpu"})
    void withoutMeasuringOnTheClassTheJobMeasuresOnCpu(boolean measureOnClass, String ep) {
        var gpu = ClusterFixtures.shipped("nvidia-gpu");
        gpu.getSpec().optimization.measureOnClass = measureOnClass;

        OptimizationTarget target = OptimizationTarget.of(AcceleratorProfile.from(gpu));

        assertThat(target.executionProvider()).isEqualTo(ep);
        assertThat(target.jobPlacement().isPresent()).isEqualTo(measureOnClass);
        assertThat(target.autoPasses()).containsExactly("graph", "fp16");
    }

    @Test
    void aClassWithoutAutoPassesLeavesTheChoiceToTheOptimizer() {
        var gpu = ClusterFixtures.shipped("nvidia-gpu");
        gpu.getSpec().optimization.autoPasses = List.of();

        assertThat(OptimizationTarget.of(AcceleratorProfile.from(gpu)).autoPasses()).isNull();
    }

    @Test
    void planGetsTheTargetAndKeepsTheRest() {
        OptimizationPlan plan = Contracts.sample("optimization-plan-v1.json", OptimizationPlan.class);

        OptimizationPlan placed = OptimizationTarget.of(AcceleratorProfile.from(ClusterFixtures.shipped("nvidia-gpu")))
                .applyTo(plan);

        assertThat(placed.executionProvider()).isEqualTo("cuda");
        assertThat(placed.autoPasses()).containsExactly("graph", "fp16");
        assertThat(placed).usingRecursiveComparison().ignoringFields("executionProvider", "autoPasses").isEqualTo(plan);
    }
}
