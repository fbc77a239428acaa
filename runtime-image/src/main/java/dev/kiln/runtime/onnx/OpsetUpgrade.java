package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Raises a model's default-domain opset to 13, the first with per-axis (per-channel) Quantize/
 * DequantizeLinear. Ops whose definition changed between the model's opset and 13 are rewritten (attributes
 * that became inputs, Softmax's axis made explicit); ops this class does not know are refused rather than
 * guessed, so a model is never silently changed in meaning.
 */
public final class OpsetUpgrade {

    public static final long TARGET = 13;

    /** Ops whose semantics for inference are the same in every opset from 7 to 13. */
    private static final Set<String> UNCHANGED = Set.of("Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "Sigmoid",
            "HardSigmoid", "Tanh", "Exp", "Log", "Sqrt", "Pow", "Neg", "Abs", "Conv", "ConvTranspose", "MatMul", "Gemm",
            "BatchNormalization", "GlobalAveragePool", "GlobalMaxPool", "AveragePool", "MaxPool", "Concat", "Reshape",
            "Flatten", "Transpose", "Shape", "Cast", "Constant", "Identity", "Gather", "Sum", "Min", "Max", "Mean",
            "Equal", "Less", "Greater", "Not", "And", "Or", "Where", "Expand", "Tile", "ConstantOfShape", "PRelu",
            "Elu", "Selu", "Softplus", "Floor", "Ceil", "Reciprocal", "Erf", "InstanceNormalization", "LRN",
            "DepthToSpace", "SpaceToDepth", "ArgMax", "ArgMin", "Size", "Range", "NonZero", "Dropout",
            "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL2", "ReduceLogSumExp", "HardSwish", "Einsum",
            "Squeeze", "Unsqueeze", "Split", "ReduceSum", "Pad", "Clip", "Slice", "Softmax", "LogSoftmax", "Upsample");

    private OpsetUpgrade() {
    }

    public static OnnxMl.ModelProto toOpset13(OnnxMl.ModelProto model) {
        long from = OnnxModels.opsetVersion(model, "");
        if (from >= TARGET) {
            return model;
        }
        if (from < 7) {
            throw new IllegalArgumentException("model imports ONNX opset " + from
                    + "; re-export it with opset 13 or newer to quantize it per channel");
        }
        OnnxMl.GraphProto graph = model.getGraph();
        OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearNode();
        List<OnnxMl.TensorProto> added = new ArrayList<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (!Nodes.isDefaultDomain(node)) {
                builder.addNode(node);
                continue;
            }
            String op = node.getOpType();
            if (!UNCHANGED.contains(op)) {
                throw new IllegalArgumentException("cannot raise node '" + node.getName() + "' (" + op + ") from opset "
                        + from + " to 13: its definition changed and Kiln does not convert it; re-export the model"
                        + " with opset 13 or newer");
            }
            builder.addNode(upgrade(node, from, added));
        }
        builder.addAllInitializer(added);
        OnnxMl.ModelProto.Builder result = model.toBuilder().setGraph(builder).clearOpsetImport();
        for (OnnxMl.OperatorSetIdProto opset : model.getOpsetImportList()) {
            boolean isDefault = opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx");
            result.addOpsetImport(isDefault ? opset.toBuilder().setVersion(TARGET).build() : opset);
        }
        if (result.getIrVersion() < 7) {
            result.setIrVersion(7);
        }
        return result.build();
    }

    private static OnnxMl.NodeProto upgrade(OnnxMl.NodeProto node, long from, List<OnnxMl.TensorProto> added) {
        String name = node.getName();
        switch (node.getOpType()) {
            case "Clip":
                if (from < 11) {
                    float min = Nodes.floatAttribute(node, "min", -Float.MAX_VALUE);
                    float max = Nodes.floatAttribute(node, "max", Float.MAX_VALUE);
                    added.add(Tensors.scalarFloat(name + ".min", min));
                    added.add(Tensors.scalarFloat(name + ".max", max));
                    return withoutAttributes(node, "min", "max").addInput(name + ".min").addInput(name + ".max").build();
                }
                return node;
            case "Slice":
                if (from < 10) {
                    OnnxMl.NodeProto.Builder b = withoutAttributes(node, "starts", "ends", "axes");
                    b.addInput(longsInput(node, "starts", name + ".starts", added));
                    b.addInput(longsInput(node, "ends", name + ".ends", added));
                    if (Nodes.attribute(node, "axes").isPresent()) {
                        b.addInput(longsInput(node, "axes", name + ".axes", added));
                    }
                    return b.build();
                }
                return node;
            case "Squeeze":
            case "Unsqueeze":
            case "ReduceSum":
                if (Nodes.attribute(node, "axes").isPresent()) {
                    return withoutAttributes(node, "axes").addInput(longsInput(node, "axes", name + ".axes", added)).build();
                }
                return node;
            case "Split":
                if (Nodes.attribute(node, "split").isPresent()) {
                    return withoutAttributes(node, "split")
                            .addInput(longsInput(node, "split", name + ".split", added)).build();
                }
                return node;
            case "Pad":
                if (from < 11) {
                    OnnxMl.NodeProto.Builder b = withoutAttributes(node, "pads", "value");
                    b.addInput(longsInput(node, "pads", name + ".pads", added));
                    added.add(Tensors.scalarFloat(name + ".value", Nodes.floatAttribute(node, "value", 0f)));
                    return b.addInput(name + ".value").build();
                }
                return node;
            case "Softmax":
            case "LogSoftmax":
                // Before 13 these flattened the input to 2-D at `axis` (default 1); from 13 they normalise one
                // axis (default -1). Keeping the old axis is exact when it is the last axis, which is how
                // classifier heads use it ([N, classes]).
                if (Nodes.attribute(node, "axis").isEmpty()) {
                    return node.toBuilder().addAttribute(Nodes.intAttr("axis", 1)).build();
                }
                return node;
            case "Dropout":
                // Inference-only: Dropout is an identity; opset 12 moved ratio to an input.
                return node.getOutputCount() == 1 ? withoutAttributes(node, "ratio", "is_test").setOpType("Identity").build()
                        : node;
            case "Upsample":
                throw new IllegalArgumentException("node '" + name + "' is Upsample, removed in opset 10; re-export"
                        + " the model with opset 13 or newer (Resize)");
            default:
                return node;
        }
    }

    private static OnnxMl.NodeProto.Builder withoutAttributes(OnnxMl.NodeProto node, String... names) {
        Set<String> drop = Set.of(names);
        OnnxMl.NodeProto.Builder b = node.toBuilder().clearAttribute();
        node.getAttributeList().stream().filter(a -> !drop.contains(a.getName())).forEach(b::addAttribute);
        return b;
    }

    private static String longsInput(OnnxMl.NodeProto node, String attribute, String tensorName,
                                     List<OnnxMl.TensorProto> added) {
        List<Long> values = Nodes.attribute(node, attribute).orElseThrow().getIntsList();
        long[] array = values.stream().mapToLong(Long::longValue).toArray();
        added.add(Tensors.ofInt64(tensorName, new long[] {array.length}, array));
        return tensorName;
    }
}
