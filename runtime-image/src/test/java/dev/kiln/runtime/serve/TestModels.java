package dev.kiln.runtime.serve;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small ONNX models the tests build with the ONNX protobuf classes and write under target/. */
public final class TestModels {

    public static final Path DIR = Path.of("target", "test-models");

    /** The datatypes the multi-input model echoes, as (input name, ONNX element type). */
    public static final List<Object[]> ECHOED = List.of(
            new Object[]{"f16", TensorProto.DataType.FLOAT16_VALUE},
            new Object[]{"f64", TensorProto.DataType.DOUBLE_VALUE},
            new Object[]{"i8", TensorProto.DataType.INT8_VALUE},
            new Object[]{"i16", TensorProto.DataType.INT16_VALUE},
            new Object[]{"i32", TensorProto.DataType.INT32_VALUE},
            new Object[]{"u8", TensorProto.DataType.UINT8_VALUE});

    private TestModels() {
    }

    /**
     * A linear classifier: {@code input} FP32 [batch, 4] -> MatMul W [4,3] -> Add b -> Softmax ->
     * {@code probabilities} FP32 [batch, 3]. {@code seed} varies the weights (a different "model version").
     */
    public static Path classifier(String fileName, int seed) {
        float[] weights = new float[12];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) Math.sin(seed * 7 + i * 1.3) * 0.8f;
        }
        GraphProto graph = GraphProto.newBuilder().setName("tiny_classifier")
                .addInput(value("input", TensorProto.DataType.FLOAT_VALUE, -1, 4))
                .addOutput(value("probabilities", TensorProto.DataType.FLOAT_VALUE, -1, 3))
                .addInitializer(floats("W", weights, 4, 3))
                .addInitializer(floats("b", new float[]{0.1f * seed, -0.2f, 0.05f}, 3))
                .addNode(node("MatMul", List.of("input", "W"), "logits"))
                .addNode(node("Add", List.of("logits", "b"), "scores"))
                .addNode(node("Softmax", List.of("scores"), "probabilities")
                        .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(-1)))
                .build();
        return write(fileName, graph);
    }

    /**
     * Several inputs and outputs over every served datatype: {@code x} FP32 and {@code ids} INT64 give
     * {@code x_plus_ids} = x + float(ids); {@code flag} BOOL gives {@code not_flag}; and each of f16, f64, i8, i16,
     * i32, u8 comes back as {@code echo_<name>}. All [batch, 2].
     */
    public static Path multiIo(String fileName) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("multi_io")
                .addInput(value("x", TensorProto.DataType.FLOAT_VALUE, -1, 2))
                .addInput(value("ids", TensorProto.DataType.INT64_VALUE, -1, 2))
                .addInput(value("flag", TensorProto.DataType.BOOL_VALUE, -1, 2))
                .addOutput(value("x_plus_ids", TensorProto.DataType.FLOAT_VALUE, -1, 2))
                .addOutput(value("not_flag", TensorProto.DataType.BOOL_VALUE, -1, 2))
                .addNode(node("Cast", List.of("ids"), "ids_float").addAttribute(AttributeProto.newBuilder()
                        .setName("to").setType(AttributeProto.AttributeType.INT).setI(TensorProto.DataType.FLOAT_VALUE)))
                .addNode(node("Add", List.of("x", "ids_float"), "x_plus_ids"))
                .addNode(node("Not", List.of("flag"), "not_flag"));
        for (Object[] echoed : ECHOED) {
            String name = (String) echoed[0];
            int type = (Integer) echoed[1];
            graph.addInput(value(name, type, -1, 2)).addOutput(value("echo_" + name, type, -1, 2))
                    .addNode(node("Identity", List.of(name), "echo_" + name));
        }
        return write(fileName, graph.build());
    }

    /** A model whose batch dimension is fixed: {@code x} FP32 [1, 4] -> Softmax -> {@code y} FP32 [1, 4]. */
    public static Path fixedBatch(String fileName) {
        GraphProto graph = GraphProto.newBuilder().setName("fixed_batch")
                .addInput(value("x", TensorProto.DataType.FLOAT_VALUE, 1, 4))
                .addOutput(value("y", TensorProto.DataType.FLOAT_VALUE, 1, 4))
                .addNode(node("Softmax", List.of("x"), "y"))
                .build();
        return write(fileName, graph);
    }

    private static NodeProto.Builder node(String op, List<String> inputs, String output) {
        return NodeProto.newBuilder().setOpType(op).setName(op + "_" + output).addAllInput(inputs).addOutput(output);
    }

    /** A tensor value; a dimension of -1 becomes the symbolic {@code batch}. */
    private static ValueInfoProto value(String name, int elementType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape))).build();
    }

    private static TensorProto floats(String name, float[] values, long... dims) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (float v : values) {
            tensor.addFloatData(v);
        }
        return tensor.build();
    }

    private static Path write(String fileName, GraphProto graph) {
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setProducerName("kiln-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
        try {
            Files.createDirectories(DIR);
            Path file = DIR.resolve(fileName);
            Files.write(file, model.toByteArray());
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real pretrained text-orientation classifier, fetched by the build into the model cache. */
    public static Path paddleClassifier() {
        String cache = System.getProperty("kiln.model.cache",
                Path.of(System.getProperty("user.home"), ".cache", "kiln", "models").toString());
        Path file = Path.of(cache, "ch_ppocr_mobile_v2.0_cls_infer.onnx");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run build-tools/fetch-models.sh (the build does)");
        }
        return file;
    }
}
