package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Element types of every tensor of a graph, inferred forward from inputs, initializers and a table of ops
 * whose output type differs from their first input's. Enough for the passes to know which tensors are
 * float32 without full ONNX shape inference (which has no Java implementation).
 */
public final class ElementTypes {

    private static final Set<String> INT64_OUTPUT = Set.of("Shape", "Size", "ArgMax", "ArgMin", "NonZero",
            "NonMaxSuppression");
    private static final Set<String> BOOL_OUTPUT = Set.of("Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual",
            "And", "Or", "Xor", "Not", "IsNaN", "IsInf");
    private static final Set<String> INT32_OUTPUT = Set.of("MatMulInteger", "ConvInteger");

    private final Map<String, Integer> types = new HashMap<>();

    private ElementTypes() {
    }

    public static ElementTypes infer(OnnxMl.GraphProto graph) {
        ElementTypes result = new ElementTypes();
        Map<String, Integer> t = result.types;
        for (OnnxMl.ValueInfoProto v : graph.getInputList()) {
            t.put(v.getName(), v.getType().getTensorType().getElemType());
        }
        for (OnnxMl.ValueInfoProto v : graph.getValueInfoList()) {
            t.put(v.getName(), v.getType().getTensorType().getElemType());
        }
        for (OnnxMl.TensorProto init : graph.getInitializerList()) {
            t.put(init.getName(), init.getDataType());
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            String op = node.getOpType();
            int first = node.getInputCount() > 0 ? t.getOrDefault(node.getInput(0), DataType.UNDEFINED_VALUE)
                    : DataType.UNDEFINED_VALUE;
            for (int i = 0; i < node.getOutputCount(); i++) {
                String out = node.getOutput(i);
                if (out.isEmpty() || t.containsKey(out)) {
                    continue;
                }
                t.put(out, outputType(node, op, i, first, t));
            }
        }
        return result;
    }

    private static int outputType(OnnxMl.NodeProto node, String op, int index, int first, Map<String, Integer> t) {
        if (!Nodes.isDefaultDomain(node) && !node.getDomain().equals("com.microsoft")) {
            return first;
        }
        switch (op) {
            case "Cast":
                return (int) Nodes.intAttribute(node, "to", DataType.UNDEFINED_VALUE);
            case "CastLike":
                return t.getOrDefault(Nodes.input(node, 1), DataType.UNDEFINED_VALUE);
            case "Constant":
                return Nodes.attribute(node, "value").map(a -> a.getT().getDataType()).orElse(DataType.FLOAT_VALUE);
            case "ConstantOfShape":
                return Nodes.attribute(node, "value").map(a -> a.getT().getDataType()).orElse(DataType.FLOAT_VALUE);
            case "QuantizeLinear":
            case "DynamicQuantizeLinear":
                if (op.equals("DynamicQuantizeLinear")) {
                    return index == 1 ? DataType.FLOAT_VALUE : DataType.UINT8_VALUE;
                }
                return node.getInputCount() > 2 ? t.getOrDefault(node.getInput(2), DataType.UINT8_VALUE)
                        : DataType.UINT8_VALUE;
            case "DequantizeLinear":
                return DataType.FLOAT_VALUE;
            case "TopK":
                return index == 1 ? DataType.INT64_VALUE : first;
            case "MaxPool":
                return index == 1 ? DataType.INT64_VALUE : first;
            case "Gather":
            case "GatherElements":
            case "GatherND":
            case "Where":
                return op.equals("Where") ? t.getOrDefault(Nodes.input(node, 1), first) : first;
            default:
                if (INT64_OUTPUT.contains(op)) {
                    return DataType.INT64_VALUE;
                }
                if (BOOL_OUTPUT.contains(op)) {
                    return DataType.BOOL_VALUE;
                }
                if (INT32_OUTPUT.contains(op)) {
                    return DataType.INT32_VALUE;
                }
                return first;
        }
    }

    /** The element type (TensorProto.DataType number) of a tensor; UNDEFINED when unknown. */
    public int of(String tensor) {
        return types.getOrDefault(tensor, DataType.UNDEFINED_VALUE);
    }

    public boolean isFloat(String tensor) {
        return of(tensor) == DataType.FLOAT_VALUE;
    }
}
