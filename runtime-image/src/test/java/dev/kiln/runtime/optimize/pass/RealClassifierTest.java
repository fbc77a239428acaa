package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.OnnxModels;
import dev.kiln.runtime.onnx.OrtModels;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kiln.runtime.optimize.pass.PassFixtures.context;
import static dev.kiln.runtime.optimize.pass.PassFixtures.opCounts;
import static org.assertj.core.api.Assertions.assertThat;

/** The passes on the real pretrained text-orientation classifier (opset 9, weights in Constant nodes). */
class RealClassifierTest {

    private static OnnxMl.ModelProto model;
    private static List<RenderedTextLines.Sample> validation;
    private static List<Map<String, FloatTensor>> calibration;
    private static double floatAccuracy;

    @TempDir
    Path work;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of(System.getProperty("kiln.model.cache", System.getProperty("user.home") + "/.cache/kiln/models"),
                "ch_ppocr_mobile_v2.0_cls_infer.onnx");
        assertThat(file).as("the build fetches the classifier in generate-test-resources").exists();
        model = OnnxModels.read(file);
        validation = RenderedTextLines.render(60, 21);
        calibration = RenderedTextLines.render(16, 22).stream().map(RenderedTextLines.Sample::feed).toList();
        floatAccuracy = accuracy(model);
    }

    @Test
    void theFloatModelReadsTheRenderedLines() {
        assertThat(floatAccuracy).as("float32 accuracy on rendered lines").isGreaterThanOrEqualTo(0.9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"minmax", "percentile", "entropy"})
    void int8StaticKeepsTheAccuracy(String method) throws Exception {
        PassContext context = context(work, calibration, Set.of(), PassOptions.defaults().withCalibrationMethod(method));
        OnnxMl.ModelProto quantized = Passes.create("int8-static").apply(model, context);
        assertThat(accuracy(quantized)).as("int8-static (%s) vs float32 %.3f", method, floatAccuracy)
                .isGreaterThanOrEqualTo(floatAccuracy - 0.02);
        Map<String, Integer> fused = opCounts(PassFixtures.ortOptimized(quantized, OrtModels.Level.EXTENDED, work));
        assertThat(fused.getOrDefault("QLinearConv", 0)).as("%s", fused).isGreaterThan(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"int8-dynamic", "fp16", "graph"})
    void otherPassesKeepTheAccuracy(String pass) throws Exception {
        OnnxMl.ModelProto optimized = Passes.create(pass).apply(model, context(work, calibration));
        assertThat(accuracy(optimized)).as("%s vs float32 %.3f", pass, floatAccuracy)
                .isGreaterThanOrEqualTo(floatAccuracy - 0.02);
    }

    @Test
    void pruneThenInt8IsSmallerThanInt8() throws Exception {
        PassContext context = context(work, calibration);
        OnnxMl.ModelProto int8 = Passes.create("int8-static").apply(model, context);
        OnnxMl.ModelProto pruned = Passes.create("int8-static").apply(Passes.create("prune").apply(model, context), context);
        System.out.printf("classifier bytes: float32 %d, int8-static %d, prune+int8-static %d%n",
                model.getSerializedSize(), int8.getSerializedSize(), pruned.getSerializedSize());
        assertThat(pruned.getSerializedSize()).isLessThan(int8.getSerializedSize());
    }

    private static double accuracy(OnnxMl.ModelProto candidate) throws Exception {
        List<float[]> outputs = PassFixtures.outputs(candidate,
                validation.stream().map(RenderedTextLines.Sample::feed).toList());
        int correct = 0;
        for (int i = 0; i < outputs.size(); i++) {
            correct += PassFixtures.argmax(outputs.get(i)) == validation.get(i).label() ? 1 : 0;
        }
        double accuracy = correct / (double) validation.size();
        System.out.printf("accuracy %.3f%n", accuracy);
        return accuracy;
    }
}
