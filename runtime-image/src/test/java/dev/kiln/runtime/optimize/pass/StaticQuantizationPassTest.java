package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.OrtModels;
import dev.kiln.runtime.onnx.SyntheticModels;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticQuantizationPassTest {

    @TempDir
    Path work;

    private final OnnxMl.ModelProto convNet = SyntheticModels.convNet(7, false);
    private final List<Map<String, FloatTensor>> calibration =
            feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 16, 1);
    private final List<Map<String, FloatTensor>> validation =
            feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 24, 2);

    @ParameterizedTest
    @CsvSource({"minmax,uint8", "percentile,uint8", "entropy,uint8", "minmax,int8"})
    void quantizedConvNetStaysCloseToFloat(String method, String activations) throws Exception {
        PassOptions options = PassOptions.defaults().withCalibrationMethod(method).withActivationType(activations);
        OnnxMl.ModelProto quantized = Passes.create("int8-static")
                .apply(convNet, context(work, calibration, Set.of(), options));

        double[] similarity = compare(convNet, quantized, validation);
        assertThat(similarity[0]).as("cosine similarity to float32 (%s, %s)", method, activations).isGreaterThan(0.99);
        assertThat(similarity[1]).as("top-1 agreement").isGreaterThanOrEqualTo(0.9);
        assertThat(quantized.getSerializedSize()).isLessThan(convNet.getSerializedSize() * 35 / 100);
    }

    @Test
    void onnxRuntimeFusesTheQdqGroupsIntoIntegerKernels() throws Exception {
        OnnxMl.ModelProto quantized = Passes.create("int8-static").apply(convNet, context(work, calibration));
        Map<String, Integer> qdq = opCounts(quantized);
        assertThat(qdq).containsKeys("QuantizeLinear", "DequantizeLinear").doesNotContainKey("Relu");

        Map<String, Integer> fused = opCounts(ortOptimized(quantized, OrtModels.Level.EXTENDED, work));
        assertThat(fused).as("ORT-optimized graph %s", fused)
                .containsEntry("QLinearConv", 4)
                .containsKeys("com.microsoft.QLinearAdd", "com.microsoft.QLinearGlobalAveragePool", "com.microsoft.QGemm")
                .doesNotContainKey("Conv");
    }

    @Test
    void mlpMatMulsBecomeIntegerMatMuls() throws Exception {
        OnnxMl.ModelProto mlp = SyntheticModels.mlp(3);
        long[] shape = {1, SyntheticModels.MLP_FEATURES};
        OnnxMl.ModelProto quantized = Passes.create("int8-static")
                .apply(mlp, context(work, feeds(SyntheticModels.MLP_INPUT, shape, 16, 4)));
        assertThat(compare(mlp, quantized, feeds(SyntheticModels.MLP_INPUT, shape, 24, 5))[0]).isGreaterThan(0.99);
        Map<String, Integer> fused = opCounts(ortOptimized(quantized, OrtModels.Level.EXTENDED, work));
        assertThat(fused).as("ORT-optimized graph %s", fused).doesNotContainKey("MatMul");
        assertThat(fused.getOrDefault("QLinearMatMul", 0) + fused.getOrDefault("com.microsoft.MatMulIntegerToFloat", 0))
                .isEqualTo(3);
    }

    @Test
    void keepInFloatLeavesNamedNodesUnquantized() throws Exception {
        PassContext context = context(work, calibration, Set.of("conv1", "fc"), PassOptions.defaults());
        OnnxMl.ModelProto quantized = Passes.create("int8-static").apply(convNet, context);
        OnnxMl.NodeProto conv1 = node(quantized, "conv1");
        assertThat(conv1.getInput(1)).isEqualTo("conv1.weight");
        assertThat(node(quantized, "fc").getInput(1)).isEqualTo("fc.weight");
        assertThat(node(quantized, "conv2").getInput(1)).endsWith("_dequantized");
        assertThat(node(quantized, "relu1").getOpType()).as("the ReLU after a float conv stays").isEqualTo("Relu");
        Map<String, Integer> fused = opCounts(ortOptimized(quantized, OrtModels.Level.EXTENDED, work));
        assertThat(fused).containsEntry("QLinearConv", 3).containsEntry("Conv", 1);
    }

    @Test
    void withoutCalibrationDataItSaysWhatIsMissing() {
        assertThatThrownBy(() -> Passes.create("int8-static").apply(convNet, context(work, List.of())))
                .isInstanceOf(PassException.class).hasMessageContaining("calibration");
    }

    @Test
    void calibrationFeedsMustNameTheModelInput() {
        List<Map<String, FloatTensor>> wrong = feeds("pixels", SyntheticModels.CONV_INPUT_SHAPE, 2, 1);
        assertThatThrownBy(() -> Passes.create("int8-static").apply(convNet, context(work, wrong)))
                .isInstanceOf(PassException.class).hasMessageContaining("'image'").hasMessageContaining("pixels");
    }

    @Test
    void unknownCalibrationMethodIsRejected() {
        PassContext context = context(work, calibration, Set.of(), PassOptions.defaults().withCalibrationMethod("kl"));
        assertThatThrownBy(() -> Passes.create("int8-static").apply(convNet, context))
                .isInstanceOf(PassException.class).hasMessageContaining("minmax, percentile or entropy");
    }

    static OnnxMl.NodeProto node(OnnxMl.ModelProto model, String name) {
        return model.getGraph().getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
    }
}
