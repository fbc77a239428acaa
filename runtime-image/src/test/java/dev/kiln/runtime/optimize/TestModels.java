package dev.kiln.runtime.optimize;

import ai.onnx.proto.OnnxMl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small ONNX models built in tests: a multi-layer perceptron {@code x[?,in] -> MatMul fc1 -> Relu -> ... ->
 * MatMul fcN -> Softmax}, with seeded random weights.
 */
public final class TestModels {

    private TestModels() {
    }

    public static OnnxMl.ModelProto mlp(long seed, int... widths) {
        Random random = new Random(seed);
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("mlp");
        graph.addInput(valueInfo("x", widths[0]));
        String previous = "x";
        for (int layer = 1; layer < widths.length; layer++) {
            String weight = "w" + layer;
            float[] values = new float[widths[layer - 1] * widths[layer]];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() / Math.sqrt(widths[layer - 1]));
            }
            graph.addInitializer(floatTensor(weight, values, widths[layer - 1], widths[layer]));
            String out = "h" + layer;
            graph.addNode(OnnxMl.NodeProto.newBuilder().setName("fc" + layer).setOpType("MatMul")
                    .addInput(previous).addInput(weight).addOutput(out));
            previous = out;
            if (layer < widths.length - 1) {
                String relu = "r" + layer;
                graph.addNode(OnnxMl.NodeProto.newBuilder().setName("relu" + layer).setOpType("Relu")
                        .addInput(previous).addOutput(relu));
                previous = relu;
            }
        }
        graph.addNode(OnnxMl.NodeProto.newBuilder().setName("softmax").setOpType("Softmax").addInput(previous)
                .addOutput("probabilities"));
        graph.addOutput(valueInfo("probabilities", widths[widths.length - 1]));
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("kiln-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
    }

    public static Path write(OnnxMl.ModelProto model, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }

    public static OnnxMl.TensorProto floatTensor(String name, float[] values, long... dims) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int width) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
