package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.OrtModels;
import dev.kiln.runtime.onnx.SyntheticModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kiln.runtime.optimize.pass.PassFixtures.compare;
import static dev.kiln.runtime.optimize.pass.PassFixtures.context;
import static dev.kiln.runtime.optimize.pass.PassFixtures.feeds;
import static dev.kiln.runtime.optimize.pass.PassFixtures.opCounts;
import static dev.kiln.runtime.optimize.pass.PassFixtures.ortOptimized;
import static org.assertj.core.api.Assertions.assertThat;

class DynamicQuantizationPassTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void mlpRunsOnFusedDynamicIntegerMatMuls(boolean perChannel) throws Exception {
        OnnxMl.ModelProto mlp = SyntheticModels.mlp(3);
        PassOptions options = new PassOptions("minmax", 99.999, "uint8", perChannel, 0.5, "basic");
        OnnxMl.ModelProto quantized = Passes.create("int8-dynamic").apply(mlp, context(work, List.of(), Set.of(), options));

        assertThat(opCounts(quantized)).containsEntry("MatMulInteger", 3).containsEntry("DynamicQuantizeLinear", 3)
                .doesNotContainKey("MatMul");
        Map<String, Integer> fused = opCounts(ortOptimized(quantized, OrtModels.Level.EXTENDED, work));
        assertThat(fused).as("ORT-optimized graph %s", fused).containsKey("com.microsoft.DynamicQuantizeMatMul")
                .doesNotContainKey("MatMulInteger");
        double[] similarity = compare(mlp, quantized, feeds(SyntheticModels.MLP_INPUT, new long[] {1, 64}, 24, 5));
        assertThat(similarity[0]).isGreaterThan(0.99);
        assertThat(quantized.getSerializedSize()).isLessThan(mlp.getSerializedSize() * 35 / 100);
    }

    @Test
    void convNetUsesConvIntegerAndStaysClose() throws Exception {
        OnnxMl.ModelProto convNet = SyntheticModels.convNet(7, true);
        OnnxMl.ModelProto quantized = Passes.create("int8-dynamic").apply(convNet, context(work, List.of()));
        Map<String, Integer> ops = opCounts(quantized);
        assertThat(ops).containsEntry("ConvInteger", 4).containsEntry("MatMulInteger", 1)
                .doesNotContainKeys("Conv", "Gemm", "BatchNormalization");
        double[] similarity = compare(convNet, quantized,
                feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 24, 2));
        assertThat(similarity[0]).isGreaterThan(0.98);
    }

    @Test
    void keepInFloatLeavesNamedNodesInFloat() throws Exception {
        OnnxMl.ModelProto convNet = SyntheticModels.convNet(7, false);
        OnnxMl.ModelProto quantized = Passes.create("int8-dynamic")
                .apply(convNet, context(work, List.of(), Set.of("conv2", "fc"), PassOptions.defaults()));
        assertThat(opCounts(quantized)).containsEntry("ConvInteger", 3).containsEntry("Conv", 1).containsEntry("Gemm", 1);
        assertThat(StaticQuantizationPassTest.node(quantized, "conv2").getInput(1)).isEqualTo("conv2.weight");
    }
}
