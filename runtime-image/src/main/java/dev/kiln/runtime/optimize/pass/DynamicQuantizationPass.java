package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.kiln.runtime.onnx.ElementTypes;
import dev.kiln.runtime.onnx.GraphIndex;
import dev.kiln.runtime.onnx.MutableGraph;
import dev.kiln.runtime.onnx.Nodes;
import dev.kiln.runtime.onnx.Tensors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code int8-dynamic}: int8 weights (symmetric, per channel or per tensor), activations quantized at run
 * time. MatMul and Gemm become DynamicQuantizeLinear, MatMulInteger, Cast and a Mul by input_scale *
 * weight_scale, the exact pattern ONNX Runtime fuses into DynamicQuantizeMatMul; Conv becomes the same
 * around ConvInteger (which ONNX Runtime runs as is). Weight zero points are 0, so per-channel scales live in
 * the float Mul and the integer kernels see a scalar zero point, which is all ConvInteger accepts.
 */
final class DynamicQuantizationPass implements ModelPass {

    @Override
    public String name() {
        return "int8-dynamic";
    }

    @Override
    public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) throws PassException {
        Set<String> keep = context.keepInFloat() == null ? Set.of() : context.keepInFloat();
        boolean perChannel = context.options().perChannel();
        OnnxMl.ModelProto prepared = ModelPreparation.forQuantization(model, name());
        GraphIndex index = new GraphIndex(prepared.getGraph());
        ElementTypes types = ElementTypes.infer(prepared.getGraph());
        MutableGraph graph = new MutableGraph(prepared);
        Map<String, String[]> quantizedInputs = new HashMap<>();
        List<OnnxMl.NodeProto> nodes = List.copyOf(graph.nodes());
        graph.nodes().clear();
        for (OnnxMl.NodeProto node : nodes) {
            QuantizableOps.Weight weight = keep.contains(node.getName()) ? null : QuantizableOps.weight(node, index);
            String x = node.getInput(0);
            if (weight == null || !types.isFloat(x) || index.isConstant(x)) {
                graph.addNode(node);
                continue;
            }
            String[] q = quantizedInputs.computeIfAbsent(x, k -> quantizeActivation(graph, k));
            if (node.getOpType().equals("Conv")) {
                convInteger(graph, node, index, q, perChannel);
            } else {
                matMulInteger(graph, node, index, q, perChannel);
            }
        }
        return ModelPreparation.packSparseWeights(graph.toModel());
    }

    /** DynamicQuantizeLinear on x: returns {quantized, scale, zeroPoint} tensor names. */
    private static String[] quantizeActivation(MutableGraph graph, String x) {
        String[] outputs = {graph.fresh(x + "_quantized"), graph.fresh(x + "_scale"), graph.fresh(x + "_zero_point")};
        graph.addNode(Nodes.node("DynamicQuantizeLinear", graph.fresh(x + "_DynamicQuantizeLinear"), List.of(x),
                List.of(outputs)).build());
        return outputs;
    }

    private static void matMulInteger(MutableGraph graph, OnnxMl.NodeProto node, GraphIndex index, String[] x,
                                      boolean perChannel) {
        OnnxMl.TensorProto w = index.initializer(node.getInput(1));
        long[] dims = Tensors.dims(w);
        float[] values = Tensors.floats(w);
        boolean transposed = node.getOpType().equals("Gemm") && Nodes.intAttribute(node, "transB", 0) != 0;
        if (transposed) {
            values = transpose(values, (int) dims[0], (int) dims[1]);
            dims = new long[] {dims[1], dims[0]};
        }
        WeightQuantizer.Quantized q = WeightQuantizer.quantize(values, dims, 1, perChannel);
        String name = node.getName();
        String weight = put(graph, Tensors.ofInt8(graph.fresh(name + ".weight_quantized"), dims, q.values()));
        String zero = put(graph, Tensors.scalarInt8(graph.fresh(name + ".weight_zero_point"), 0));
        String scale = put(graph, Tensors.ofFloats(graph.fresh(name + ".weight_scale"),
                new long[] {q.scales().length}, q.scales()));
        String integer = op(graph, "MatMulInteger", name + "_MatMulInteger", List.of(x[0], weight, x[2], zero));
        String result = rescale(graph, name, integer, x[1], scale,
                node.getOpType().equals("Gemm") && node.getInputCount() > 2 ? null : node.getOutput(0));
        if (node.getOpType().equals("Gemm") && node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            graph.addNode(Nodes.node("Add", graph.fresh(name + "_bias"), List.of(result, node.getInput(2)),
                    List.of(node.getOutput(0))).build());
        }
    }

    private static void convInteger(MutableGraph graph, OnnxMl.NodeProto node, GraphIndex index, String[] x,
                                    boolean perChannel) {
        OnnxMl.TensorProto w = index.initializer(node.getInput(1));
        long[] dims = Tensors.dims(w);
        WeightQuantizer.Quantized q = WeightQuantizer.quantize(Tensors.floats(w), dims, 0, perChannel);
        String name = node.getName();
        long[] channelShape = new long[dims.length];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = q.scales().length;
        String weight = put(graph, Tensors.ofInt8(graph.fresh(name + ".weight_quantized"), dims, q.values()));
        String zero = put(graph, Tensors.scalarInt8(graph.fresh(name + ".weight_zero_point"), 0));
        String scale = put(graph, Tensors.ofFloats(graph.fresh(name + ".weight_scale"), channelShape, q.scales()));
        String integer = graph.fresh(name + "_ConvInteger");
        graph.addNode(Nodes.node("ConvInteger", integer, List.of(x[0], weight, x[2], zero), List.of(integer))
                .addAllAttribute(node.getAttributeList()).build());
        String bias = Nodes.input(node, 2);
        String result = rescale(graph, name, integer, x[1], scale, bias.isEmpty() ? node.getOutput(0) : null);
        if (!bias.isEmpty()) {
            float[] b = Tensors.floats(index.initializer(bias));
            String reshaped = put(graph, Tensors.ofFloats(graph.fresh(bias + "_per_channel"), channelShape, b));
            graph.addNode(Nodes.node("Add", graph.fresh(name + "_bias"), List.of(result, reshaped),
                    List.of(node.getOutput(0))).build());
        }
    }

    /** Cast(int32 to float) then Mul by (input_scale * weight_scale): the form ORT recognises. */
    private static String rescale(MutableGraph graph, String name, String integer, String inputScale,
                                  String weightScale, String output) {
        String asFloat = graph.fresh(name + "_Cast");
        graph.addNode(Nodes.node("Cast", asFloat, List.of(integer), List.of(asFloat))
                .addAttribute(Nodes.intAttr("to", DataType.FLOAT_VALUE)).build());
        String scale = op(graph, "Mul", name + "_scales_Mul", List.of(inputScale, weightScale));
        String out = output != null ? output : graph.fresh(name + "_rescaled");
        graph.addNode(Nodes.node("Mul", graph.fresh(name + "_output_Mul"), List.of(asFloat, scale), List.of(out)).build());
        return out;
    }

    private static String op(MutableGraph graph, String opType, String base, List<String> inputs) {
        String name = graph.fresh(base);
        graph.addNode(Nodes.node(opType, name, inputs, List.of(name)).build());
        return name;
    }

    private static String put(MutableGraph graph, OnnxMl.TensorProto tensor) {
        graph.putInitializer(tensor);
        return tensor.getName();
    }

    private static float[] transpose(float[] values, int rows, int cols) {
        float[] t = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return t;
    }
}
