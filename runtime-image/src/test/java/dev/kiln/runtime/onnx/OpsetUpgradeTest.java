package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpsetUpgradeTest {

    /** Opset 9: Clip(min=0, max=6) with attributes, Slice with attributes, then Softmax without an axis. */
    private static OnnxMl.ModelProto opset9() {
        ModelBuilder b = new ModelBuilder("old", 9);
        String x = b.input("x", 1, 6);
        String clip = b.namedOp("clip", "Clip", List.of(x), Nodes.floatAttr("min", 0f), Nodes.floatAttr("max", 2f));
        String slice = b.namedOp("slice", "Slice", List.of(clip), Nodes.intsAttr("starts", 1), Nodes.intsAttr("ends", 5),
                Nodes.intsAttr("axes", 1));
        b.namedOp("softmax", "Softmax", List.of(slice));
        return SyntheticModels.rename(b.build(), "softmax_out", "y", 4);
    }

    @Test
    void rewritesChangedOpsAndKeepsTheResults() throws OrtException {
        OnnxMl.ModelProto old = opset9();
        OnnxMl.ModelProto upgraded = OpsetUpgrade.toOpset13(old);

        assertThat(OnnxModels.opsetVersion(upgraded, "")).isEqualTo(13);
        OnnxMl.NodeProto clip = upgraded.getGraph().getNode(0);
        assertThat(clip.getAttributeCount()).isZero();
        assertThat(clip.getInputCount()).isEqualTo(3);
        Map<String, FloatTensor> feed = Map.of("x", new FloatTensor(new long[] {1, 6}, new float[] {-1, 0.5f, 3, 1, -2, 9}));
        assertThat(OrtModels.runOnce(upgraded, feed, 1).get("y").data())
                .containsExactly(OrtModels.runOnce(old, feed, 1).get("y").data());
    }

    @Test
    void refusesOpsItCannotConvert() {
        ModelBuilder b = new ModelBuilder("old", 9);
        String x = b.input("x", 1, 3, 4, 4);
        b.namedOp("up", "Upsample", List.of(x, b.initializer("scales", new long[] {4}, new float[] {1, 1, 2, 2})));
        assertThatThrownBy(() -> OpsetUpgrade.toOpset13(b.build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'up'").hasMessageContaining("re-export");
    }

    @Test
    void newerModelsAreUntouched() {
        OnnxMl.ModelProto model = SyntheticModels.mlp(1);
        assertThat(OpsetUpgrade.toOpset13(model)).isSameAs(model);
    }
}
