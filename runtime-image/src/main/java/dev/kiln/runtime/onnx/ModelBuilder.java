package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import java.util.Arrays;
import java.util.List;

/**
 * Builds small ONNX models in code (tests, synthetic benchmark models). Dimensions given as -1 become the
 * symbolic batch dimension {@code N}.
 */
public final class ModelBuilder {

    public static final long DEFAULT_OPSET = 17;

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final long opset;
    private int counter;

    public ModelBuilder(String graphName) {
        this(graphName, DEFAULT_OPSET);
    }

    public ModelBuilder(String graphName, long opset) {
        this.opset = opset;
        graph.setName(graphName);
    }

    public static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims == null ? new long[0] : dims) {
            shape.addDim(d < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        OnnxMl.TypeProto.Tensor.Builder tensor = OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber());
        if (dims != null) {
            tensor.setShape(shape);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    public String input(String name, long... dims) {
        graph.addInput(valueInfo(name, DataType.FLOAT, dims));
        return name;
    }

    public void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, DataType.FLOAT, dims));
    }

    public String initializer(String name, long[] dims, float[] values) {
        graph.addInitializer(Tensors.ofFloats(name, dims, values));
        return name;
    }

    public String initializer(OnnxMl.TensorProto tensor) {
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** Adds a node with one output named after the node; returns the output name. */
    public String op(String opType, List<String> inputs, AttributeProto... attributes) {
        String name = opType.toLowerCase() + "_" + counter++;
        graph.addNode(Nodes.node(opType, name, inputs, List.of(name + "_out")).addAllAttribute(Arrays.asList(attributes)));
        return name + "_out";
    }

    /** Adds a node with the given name and a single output named after it. */
    public String namedOp(String name, String opType, List<String> inputs, AttributeProto... attributes) {
        graph.addNode(Nodes.node(opType, name, inputs, List.of(name + "_out")).addAllAttribute(Arrays.asList(attributes)));
        return name + "_out";
    }

    /** A 2-D convolution with square kernel, symmetric padding of kernel/2 and optional bias. */
    public String conv(String name, String x, String weight, String bias, int kernel, int stride, int group) {
        int pad = kernel / 2;
        List<String> inputs = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        return namedOp(name, "Conv", inputs, Nodes.intsAttr("kernel_shape", kernel, kernel),
                Nodes.intsAttr("strides", stride, stride), Nodes.intsAttr("pads", pad, pad, pad, pad),
                Nodes.intAttr("group", group));
    }

    public OnnxMl.ModelProto build() {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("kiln")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph)
                .build();
    }
}
