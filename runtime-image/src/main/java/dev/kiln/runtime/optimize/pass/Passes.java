package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.GraphIndex;

import java.util.List;

/** Looks passes up by the names plans use. */
public final class Passes {

    public static final List<String> NAMES = List.of("graph", "int8-dynamic", "int8-static", "fp16", "prune");

    private Passes() {
    }

    /**
     * The nodes whose weights the int8 passes quantize (Conv, MatMul, Gemm with constant float weights), by
     * the names the passes use (unnamed nodes become {@code <OpType>_<index>}): the candidates for
     * {@code keepInFloat}.
     */
    public static List<String> quantizableNodes(OnnxMl.ModelProto model) {
        OnnxMl.ModelProto normalized = ModelPreparation.normalize(model);
        GraphIndex index = new GraphIndex(normalized.getGraph());
        return normalized.getGraph().getNodeList().stream()
                .filter(n -> QuantizableOps.weight(n, index) != null)
                .map(OnnxMl.NodeProto::getName)
                .toList();
    }

    public static ModelPass create(String name) {
        switch (name == null ? "" : name) {
            case "graph":
                return new GraphOptimizationPass();
            case "int8-dynamic":
                return new DynamicQuantizationPass();
            case "int8-static":
                return new StaticQuantizationPass();
            case "fp16":
                return new Float16Pass();
            case "prune":
                return new PrunePass();
            default:
                throw new IllegalArgumentException("unknown pass '" + name + "'; known passes: "
                        + String.join(", ", NAMES));
        }
    }
}
