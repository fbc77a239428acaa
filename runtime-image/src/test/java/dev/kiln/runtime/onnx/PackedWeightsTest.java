package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.kiln.runtime.optimize.FloatTensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PackedWeightsTest {

    /** y = x @ W with W [100, 30] (3000 values, not a multiple of 8 of rows) mostly zero. */
    private static OnnxMl.ModelProto sparseMatMul(double zeroFraction) {
        SplittableRandom random = new SplittableRandom(5);
        float[] w = new float[100 * 30];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextDouble() < zeroFraction ? (i % 2 == 0 ? 0f : -0f) : (float) random.nextGaussian();
        }
        ModelBuilder b = new ModelBuilder("sparse", 13);
        String x = b.input("x", -1, 100);
        String weight = b.initializer("W", new long[] {100, 30}, w);
        String y = b.namedOp("mm", "MatMul", List.of(x, weight));
        b.namedOp("out", "Identity", List.of(y));
        return SyntheticModels.rename(b.build(), "out_out", "y", 30);
    }

    @Test
    void packedModelIsSmallerComputesTheSameAndUnpacksToTheOriginal() throws OrtException {
        OnnxMl.ModelProto dense = sparseMatMul(0.6);
        OnnxMl.ModelProto packed = PackedWeights.packSparse(dense, 1024, 0.9);

        assertThat(packed.getGraph().getInitializerList()).noneMatch(t -> t.getName().equals("W"));
        assertThat(packed.getSerializedSize()).isLessThan(dense.getSerializedSize() * 6 / 10);
        float[] input = new float[100];
        for (int i = 0; i < input.length; i++) {
            input[i] = i / 50f - 1;
        }
        Map<String, FloatTensor> feed = Map.of("x", new FloatTensor(new long[] {1, 100}, input));
        assertThat(OrtModels.runOnce(packed, feed, 1).get("y").data())
                .containsExactly(OrtModels.runOnce(dense, feed, 1).get("y").data());

        OnnxMl.ModelProto unpacked = PackedWeights.unpack(packed);
        OnnxMl.TensorProto original = dense.getGraph().getInitializer(0);
        OnnxMl.TensorProto restored = unpacked.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("W")).findFirst().orElseThrow();
        // Negative zeros come back as zeros: equal within 0.
        assertThat(Tensors.floats(restored)).containsExactly(Tensors.floats(original), within(0f));
        assertThat(unpacked.getGraph().getNodeCount()).isEqualTo(2);
    }

    @Test
    void denseTensorsAreLeftAlone() {
        OnnxMl.ModelProto dense = sparseMatMul(0.0);
        assertThat(PackedWeights.packSparse(dense, 1024, 0.9)).isSameAs(dense);
    }

    @Test
    void int8TensorsPackToo() throws OrtException {
        byte[] values = new byte[4096];
        for (int i = 0; i < values.length; i += 3) {
            values[i] = (byte) (i % 250 - 125);
        }
        ModelBuilder b = new ModelBuilder("int8", 13);
        b.input("x", 1);
        b.initializer(Tensors.ofInt8("q", new long[] {64, 64}, values));
        b.initializer(Tensors.scalarFloat("s", 0.5f));
        String dq = b.namedOp("dq", "DequantizeLinear", List.of("q", "s"));
        String sum = b.namedOp("sum", "ReduceSum", List.of(dq));
        String y = b.namedOp("add", "Add", List.of(sum, "x"));
        b.namedOp("out", "Identity", List.of(y));
        OnnxMl.ModelProto dense = SyntheticModels.rename(b.build(), "out_out", "y", 1);
        OnnxMl.ModelProto packed = PackedWeights.packSparse(dense, 1024, 0.9);
        assertThat(packed.getSerializedSize()).isLessThan(dense.getSerializedSize() * 7 / 10);
        Map<String, FloatTensor> feed = Map.of("x", new FloatTensor(new long[] {1}, new float[] {1f}));
        assertThat(OrtModels.runOnce(packed, feed, 1).get("y").data())
                .containsExactly(OrtModels.runOnce(dense, feed, 1).get("y").data());
    }
}
