package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.OrtModels;
import dev.kiln.runtime.onnx.PackedWeights;
import dev.kiln.runtime.onnx.SyntheticModels;
import dev.kiln.runtime.onnx.Tensors;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kiln.runtime.optimize.pass.PassFixtures.context;
import static dev.kiln.runtime.optimize.pass.PassFixtures.feeds;
import static dev.kiln.runtime.optimize.pass.PassFixtures.opCounts;
import static dev.kiln.runtime.optimize.pass.PassFixtures.ortOptimized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrunePassTest {

    @TempDir
    Path work;

    private final OnnxMl.ModelProto convNet = SyntheticModels.convNet(7, false);
    private final List<Map<String, FloatTensor>> calibration =
            feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 16, 1);

    @Test
    void prunesEachLayerToTheTargetSparsityAndTheFileShrinks() throws Exception {
        OnnxMl.ModelProto pruned = Passes.create("prune").apply(convNet, context(work, List.of()));

        OnnxMl.ModelProto dense = PackedWeights.unpack(pruned);
        for (String weight : List.of("conv2.weight", "conv3.weight", "conv4.weight", "fc.weight")) {
            float[] values = Tensors.floats(dense.getGraph().getInitializerList().stream()
                    .filter(t -> t.getName().equals(weight)).findFirst().orElseThrow());
            long zeros = 0;
            for (float v : values) {
                zeros += v == 0f ? 1 : 0;
            }
            assertThat(zeros).as("zeros in %s", weight).isEqualTo(values.length / 2);
        }
        assertThat(pruned.getSerializedSize()).isLessThan(convNet.getSerializedSize() * 60 / 100);
        // The packed file computes exactly what the dense pruned weights compute.
        for (Map<String, FloatTensor> feed : feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 3, 2)) {
            assertThat(PassFixtures.output(pruned, feed)).containsExactly(PassFixtures.output(dense, feed));
        }
    }

    @Test
    void pruneThenInt8StaticIsSmallerThanInt8AloneAndStillFuses() throws Exception {
        PassContext context = context(work, calibration);
        OnnxMl.ModelProto int8 = Passes.create("int8-static").apply(convNet, context);
        OnnxMl.ModelProto prunedInt8 = Passes.create("int8-static")
                .apply(Passes.create("prune").apply(convNet, context), context);

        assertThat(prunedInt8.getSerializedSize()).isLessThan(int8.getSerializedSize() * 90 / 100);
        Map<String, Integer> fused = opCounts(ortOptimized(prunedInt8, OrtModels.Level.EXTENDED, work));
        assertThat(fused).as("ORT folds the unpacking subgraph, then fuses: %s", fused)
                .containsEntry("QLinearConv", 4).doesNotContainKeys("CumSum", "Gather", "Conv");
    }

    @Test
    void graphAfterPruneKeepsThePrunedSize() throws Exception {
        PassContext context = context(work, List.of());
        OnnxMl.ModelProto pruned = Passes.create("prune").apply(convNet, context);
        OnnxMl.ModelProto optimized = Passes.create("graph").apply(pruned, context);
        assertThat(optimized.getSerializedSize()).isLessThan(convNet.getSerializedSize() * 60 / 100);
        Map<String, FloatTensor> feed = calibration.get(0);
        assertThat(PassFixtures.output(optimized, feed))
                .containsExactly(PassFixtures.output(pruned, feed), org.assertj.core.api.Assertions.within(1e-4f));
    }

    @Test
    void keepInFloatLayersAreNotPruned() throws Exception {
        OnnxMl.ModelProto pruned = Passes.create("prune")
                .apply(convNet, context(work, List.of(), Set.of("conv4"), PassOptions.defaults()));
        OnnxMl.ModelProto dense = PackedWeights.unpack(pruned);
        float[] conv4 = Tensors.floats(dense.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("conv4.weight")).findFirst().orElseThrow());
        assertThat(conv4).doesNotContain(0f);
    }

    @Test
    void sparsityOutsideZeroToOneIsRejected() {
        PassContext context = context(work, List.of(), Set.of(), PassOptions.defaults().withSparsity(1.0));
        assertThatThrownBy(() -> Passes.create("prune").apply(convNet, context))
                .isInstanceOf(PassException.class).hasMessageContaining("sparsity");
    }

    @Test
    void pruningZeroesTheSmallestMagnitudesExactly() {
        float[] values = {0.5f, -0.1f, 0.3f, -0.9f, 0.2f, 0.1f};
        PrunePass.prune(values, 0.5);
        assertThat(values).containsExactly(0.5f, 0f, 0.3f, -0.9f, 0f, 0f);
    }
}
