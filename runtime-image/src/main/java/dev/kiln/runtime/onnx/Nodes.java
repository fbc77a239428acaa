package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;

import java.util.List;
import java.util.Optional;

/** Building nodes and reading their attributes. */
public final class Nodes {

    private Nodes() {
    }

    public static OnnxMl.NodeProto.Builder node(String opType, String name, List<String> inputs, List<String> outputs) {
        return OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addAllOutput(outputs);
    }

    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder builder = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            builder.addInts(v);
        }
        return builder.build();
    }

    public static AttributeProto tensorAttr(String name, OnnxMl.TensorProto value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value).build();
    }

    public static Optional<AttributeProto> attribute(OnnxMl.NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    public static long intAttribute(OnnxMl.NodeProto node, String name, long fallback) {
        return attribute(node, name).map(AttributeProto::getI).orElse(fallback);
    }

    public static float floatAttribute(OnnxMl.NodeProto node, String name, float fallback) {
        return attribute(node, name).map(AttributeProto::getF).orElse(fallback);
    }

    /** The node's input at {@code index}, or "" when it has fewer inputs (ONNX's "absent optional input"). */
    public static String input(OnnxMl.NodeProto node, int index) {
        return index < node.getInputCount() ? node.getInput(index) : "";
    }

    public static boolean isDefaultDomain(OnnxMl.NodeProto node) {
        return node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
    }
}
