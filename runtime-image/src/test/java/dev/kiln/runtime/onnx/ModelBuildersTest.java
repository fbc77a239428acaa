package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ModelBuildersTest {

    @Test
    void resnet50HasTheV15LayoutAndSizeAndFiniteOutputs() throws Exception {
        OnnxMl.ModelProto model = ResNet50.build(1);
        long parameters = model.getGraph().getInitializerList().stream().mapToLong(Tensors::elementCount).sum();
        assertThat(parameters).isBetween(25_400_000L, 25_600_000L);
        assertThat(model.getSerializedSize()).isBetween(100_000_000, 104_000_000);
        long convs = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
        assertThat(convs).as("stem + 16 bottlenecks x 3 + 4 downsamples").isEqualTo(53);
        OnnxMl.NodeProto strided = model.getGraph().getNodeList().stream()
                .filter(n -> n.getName().equals("layer2.0.conv2")).findFirst().orElseThrow();
        assertThat(Nodes.attribute(strided, "strides").orElseThrow().getInts(0)).as("stride on the 3x3 (v1.5)").isEqualTo(2);

        SplittableRandom random = new SplittableRandom(3);
        float[] image = new float[3 * 224 * 224];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) random.nextGaussian();
        }
        float[] logits = OrtModels.runOnce(model, Map.of(ResNet50.INPUT, new FloatTensor(ResNet50.INPUT_SHAPE, image)), 2)
                .get(ResNet50.OUTPUT).data();
        assertThat(logits).hasSize(1000);
        double sumSquares = 0;
        for (float v : logits) {
            assertThat(Float.isFinite(v)).isTrue();
            sumSquares += v * v;
        }
        assertThat(Math.sqrt(sumSquares / logits.length)).as("logit scale stays sane").isBetween(0.01, 100.0);
    }

    @Test
    void syntheticModelsAreSeededAndRun() throws Exception {
        assertThat(SyntheticModels.convNet(3, true)).isEqualTo(SyntheticModels.convNet(3, true));
        assertThat(SyntheticModels.mlp(3)).isNotEqualTo(SyntheticModels.mlp(4));
        float[] features = new float[SyntheticModels.MLP_FEATURES];
        features[0] = 1;
        assertThat(OrtModels.runOnce(SyntheticModels.mlp(3),
                Map.of(SyntheticModels.MLP_INPUT, new FloatTensor(new long[] {1, SyntheticModels.MLP_FEATURES}, features)), 1)
                .get(SyntheticModels.OUTPUT).data()).hasSize(SyntheticModels.CLASSES);
    }
}
