package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.ElementTypes;
import dev.kiln.runtime.onnx.GraphIndex;
import dev.kiln.runtime.onnx.Nodes;

import java.util.List;
import java.util.Set;

/**
 * Which nodes the int8 passes quantize and where their weights are. Weighted ops need a constant float
 * weight; ops without weights need float activation inputs that are not constants.
 */
final class QuantizableOps {

    /** Ops whose output ONNX Runtime keeps in int8 when its input is (it drops the Q/DQ pair around them). */
    static final Set<String> SAME_SCALE_OPS = Set.of("MaxPool", "Flatten", "Reshape", "Transpose", "Squeeze",
            "Unsqueeze");
    /** Ops with their own int8 kernels in ONNX Runtime once surrounded by Q/DQ. */
    static final Set<String> ACTIVATION_OPS = Set.of("Add", "GlobalAveragePool", "AveragePool");

    private QuantizableOps() {
    }

    /** A weight input: its index among the node's inputs and the axis of its output channels. */
    record Weight(int input, int channelAxis) {
    }

    static boolean isWeighted(OnnxMl.NodeProto node) {
        return Set.of("Conv", "MatMul", "Gemm").contains(node.getOpType());
    }

    /** The node's constant weight, or null when the node has none the int8 passes can quantize. */
    static Weight weight(OnnxMl.NodeProto node, GraphIndex index) {
        if (!Nodes.isDefaultDomain(node) || node.getInputCount() < 2) {
            return null;
        }
        OnnxMl.TensorProto w = index.initializer(node.getInput(1));
        if (w == null || w.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            return null;
        }
        switch (node.getOpType()) {
            case "Conv":
                return w.getDimsCount() >= 3 ? new Weight(1, 0) : null;
            case "MatMul":
                return w.getDimsCount() == 2 ? new Weight(1, 1) : null;
            case "Gemm":
                if (Nodes.intAttribute(node, "transA", 0) != 0 || w.getDimsCount() != 2
                        || Nodes.floatAttribute(node, "alpha", 1f) != 1f || Nodes.floatAttribute(node, "beta", 1f) != 1f) {
                    return null;
                }
                return new Weight(1, Nodes.intAttribute(node, "transB", 0) != 0 ? 0 : 1);
            default:
                return null;
        }
    }

    /** Whether int8-static quantizes this node, and which of its inputs are activations to quantize. */
    static List<Integer> staticActivationInputs(OnnxMl.NodeProto node, GraphIndex index, ElementTypes types) {
        if (!Nodes.isDefaultDomain(node)) {
            return null;
        }
        String op = node.getOpType();
        if (isWeighted(node)) {
            if (weight(node, index) == null || !isActivation(node.getInput(0), index, types)) {
                return null;
            }
            String bias = Nodes.input(node, 2);
            if (!bias.isEmpty() && (!index.isInitializer(bias) || index.initializer(bias).getDimsCount() != 1)) {
                return null;
            }
            return List.of(0);
        }
        if (op.equals("Add")) {
            return node.getInputCount() == 2 && isActivation(node.getInput(0), index, types)
                    && isActivation(node.getInput(1), index, types) ? List.of(0, 1) : null;
        }
        if (ACTIVATION_OPS.contains(op) || SAME_SCALE_OPS.contains(op)) {
            if (node.getOutputCount() != 1 || !isActivation(node.getInput(0), index, types)) {
                return null;
            }
            return List.of(0);
        }
        return null;
    }

    private static boolean isActivation(String tensor, GraphIndex index, ElementTypes types) {
        return !tensor.isEmpty() && !index.isConstant(tensor) && types.isFloat(tensor);
    }
}
