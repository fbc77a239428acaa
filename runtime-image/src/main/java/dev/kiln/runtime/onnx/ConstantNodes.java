package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;

/**
 * Moves the tensors of Constant nodes into graph initializers. Exporters such as Paddle2ONNX store every
 * weight in a Constant node; the passes look for weights among initializers, as ONNX Runtime itself does
 * after loading.
 */
public final class ConstantNodes {

    private ConstantNodes() {
    }

    public static OnnxMl.ModelProto toInitializers(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        if (graph.getNodeList().stream().noneMatch(ConstantNodes::isTensorConstant)) {
            return model;
        }
        OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearNode();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (isTensorConstant(node)) {
                OnnxMl.TensorProto value = Nodes.attribute(node, "value").orElseThrow().getT();
                builder.addInitializer(value.toBuilder().setName(node.getOutput(0)));
            } else {
                builder.addNode(node);
            }
        }
        return model.toBuilder().setGraph(builder).build();
    }

    private static boolean isTensorConstant(OnnxMl.NodeProto node) {
        return node.getOpType().equals("Constant") && Nodes.isDefaultDomain(node) && node.getAttributeCount() == 1
                && node.getAttribute(0).getName().equals("value");
    }
}
