package dev.kiln.runtime.optimize.variant;

import dev.kiln.contract.Outcome;
import dev.kiln.runtime.optimize.OptimizeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VariantPlannerTest {

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of(List.of("graph", "int8-static"), null, "cpu", true, List.of("graph+int8-static-minmax")),
                Arguments.of(List.of("int8-static:entropy"), null, "cpu", true, List.of("int8-static-entropy")),
                Arguments.of(List.of("auto"), null, "cpu", true, List.of("graph", "int8-dynamic", "int8-static-minmax",
                        "int8-static-percentile", "int8-static-entropy", "prune+int8-static-minmax")),
                Arguments.of(List.of("auto"), null, "cpu", false, List.of("graph", "int8-dynamic", "prune+int8-dynamic")),
                Arguments.of(List.of(), null, "cpu", false, List.of("graph", "int8-dynamic", "prune+int8-dynamic")),
                Arguments.of(List.of("auto"), null, "cuda", false, List.of("graph", "fp16")),
                Arguments.of(List.of("auto"), List.of("graph+int8-static", "fp16"), "cpu", true, List.of(
                        "graph+int8-static-minmax", "graph+int8-static-percentile", "graph+int8-static-entropy", "fp16")),
                Arguments.of(List.of("auto"), List.of("int8-static", "graph"), "cpu", false, List.of("graph")));
    }

    @ParameterizedTest
    @MethodSource("plans")
    void pipelines(List<String> passes, List<String> autoPasses, String ep, boolean calibration, List<String> expected) {
        List<String> notes = new ArrayList<>();
        List<String> names = VariantPlanner.pipelines(passes, autoPasses, ep, calibration, notes::add).stream()
                .map(VariantSpec::pipelineName).toList();

        assertThat(names).isEqualTo(expected);
    }

    @Test
    void skippedPipelinesAreNoted() {
        List<String> notes = new ArrayList<>();
        VariantPlanner.pipelines(List.of("auto"), List.of("int8-static:minmax", "graph"), "cpu", false, notes::add);

        assertThat(notes).singleElement().asString().contains("int8-static-minmax").contains("calibration");
    }

    @Test
    void staticQuantizationKeepsItsMethodInTheOptions() {
        List<PassStep> steps = VariantPlanner.pipelines(List.of("int8-static:percentile"), null, "cpu", true, n -> { })
                .get(0);

        assertThat(steps.get(0).options().calibrationMethod()).isEqualTo("percentile");
        assertThat(steps.get(0).quantizes()).isTrue();
    }

    @Test
    void badPassesNameTheEntry() {
        assertInvalid(() -> VariantPlanner.pipelines(List.of("graph", "int4"), null, "cpu", true, n -> { }),
                "passes[1]", "unknown pass 'int4'");
        assertInvalid(() -> VariantPlanner.pipelines(List.of("auto", "graph"), null, "cpu", true, n -> { }),
                "passes", "auto");
        assertInvalid(() -> VariantPlanner.pipelines(List.of("int8-static"), null, "cpu", false, n -> { }),
                "int8-static needs calibration");
        assertInvalid(() -> VariantPlanner.pipelines(List.of("int8-static:kl"), null, "cpu", true, n -> { }),
                "passes[0]", "'kl'");
        assertInvalid(() -> VariantPlanner.pipelines(List.of("auto"), List.of("graph+magic"), "cpu", true, n -> { }),
                "autoPasses[0]", "magic");
    }

    private static void assertInvalid(Runnable r, String... fragments) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(OptimizeException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.InvalidInput);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }
}
