package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.SyntheticModels;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kiln.runtime.optimize.pass.PassFixtures.compare;
import static dev.kiln.runtime.optimize.pass.PassFixtures.context;
import static dev.kiln.runtime.optimize.pass.PassFixtures.feeds;
import static dev.kiln.runtime.optimize.pass.PassFixtures.opCounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphOptimizationPassTest {

    @TempDir
    Path work;

    private final OnnxMl.ModelProto convNet = SyntheticModels.convNet(7, true);
    private final List<Map<String, FloatTensor>> images =
            feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 16, 1);

    @Test
    void basicLevelIsTheDefaultAndUsesOnlyStandardOps() throws Exception {
        assertThat(PassOptions.defaults().graphLevel()).isEqualTo("basic");
        OnnxMl.ModelProto optimized = Passes.create("graph").apply(convNet, context(work, List.of()));

        Map<String, Integer> ops = opCounts(optimized);
        assertThat(ops).as("batch norm folded into the convs: %s", ops).doesNotContainKey("BatchNormalization")
                .containsEntry("Conv", 4);
        assertThat(ops.keySet()).allSatisfy(op -> assertThat(op).doesNotContain("."));
        assertThat(compare(convNet, optimized, images)[0]).isGreaterThan(0.99999);
    }

    @Test
    void extendedLevelFusesIntoOnnxRuntimeOnlyOps() throws Exception {
        PassContext context = context(work, List.of(), Set.of(), PassOptions.defaults().withGraphLevel("extended"));
        OnnxMl.ModelProto optimized = Passes.create("graph").apply(convNet, context);
        assertThat(opCounts(optimized)).as("ORT's own FusedConv: not portable to other runtimes or providers")
                .containsKey("com.microsoft.FusedConv");
        assertThat(compare(convNet, optimized, images)[0]).isGreaterThan(0.99999);
    }

    @Test
    void graphThenInt8StaticComposes() throws Exception {
        PassContext context = context(work, images);
        OnnxMl.ModelProto optimized = Passes.create("graph").apply(convNet, context);
        OnnxMl.ModelProto quantized = Passes.create("int8-static").apply(optimized, context);
        assertThat(opCounts(quantized)).containsKey("QuantizeLinear").doesNotContainKey("BatchNormalization");
        assertThat(compare(convNet, quantized, feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 24, 2))[0])
                .isGreaterThan(0.99);
    }

    @Test
    void hardwareSpecificLevelsAreRefusedForAnotherProvider() {
        PassContext context = new PassContext(List.of(), Set.of(), "cuda", 1, work,
                PassOptions.defaults().withGraphLevel("all"));
        assertThatThrownBy(() -> Passes.create("graph").apply(convNet, context))
                .isInstanceOf(PassException.class).hasMessageContaining("cuda").hasMessageContaining("basic");
    }

    @Test
    void unknownLevelIsRejected() {
        PassContext context = context(work, List.of(), Set.of(), PassOptions.defaults().withGraphLevel("max"));
        assertThatThrownBy(() -> Passes.create("graph").apply(convNet, context))
                .isInstanceOf(PassException.class).hasMessageContaining("basic");
    }
}
