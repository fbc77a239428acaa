package dev.kiln.runtime.optimize;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.optimize.pass.ModelPass;
import dev.kiln.runtime.optimize.pass.PassContext;
import dev.kiln.runtime.optimize.pass.PassException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Passes for testing the driver without the real ones: they really transform the model, in simple ways.
 */
public final class TestPasses {

    private TestPasses() {
    }

    /** Rounds the weights of every MatMul not kept in float to a symmetric per-tensor grid of {@code bits}. */
    public static final class LowPrecisionWeights implements ModelPass {
        private final String name;
        private final int defaultBits;
        private final Map<String, Integer> bitsByNode;

        public LowPrecisionWeights(String name, int defaultBits, Map<String, Integer> bitsByNode) {
            this.name = name;
            this.defaultBits = defaultBits;
            this.bitsByNode = bitsByNode;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) {
            Map<String, Integer> bitsByWeight = new HashMap<>();
            for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
                if (node.getOpType().equals("MatMul") && !context.keepInFloat().contains(node.getName())) {
                    bitsByWeight.put(node.getInput(1), bitsByNode.getOrDefault(node.getName(), defaultBits));
                }
            }
            OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder().clearInitializer();
            for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
                Integer bits = bitsByWeight.get(t.getName());
                graph.addInitializer(bits == null ? t : rounded(t, bits));
            }
            return model.toBuilder().setGraph(graph).build();
        }

        private static OnnxMl.TensorProto rounded(OnnxMl.TensorProto t, int bits) {
            List<Float> values = t.getFloatDataList();
            float max = 0;
            for (float v : values) {
                max = Math.max(max, Math.abs(v));
            }
            float levels = (1 << (bits - 1)) - 1;
            float scale = max == 0 ? 1 : max / levels;
            OnnxMl.TensorProto.Builder b = t.toBuilder().clearFloatData();
            for (float v : values) {
                b.addFloatData(Math.round(v / scale) * scale);
            }
            return b.build();
        }
    }

    /** Returns the model unchanged but for its doc string: a stand-in for a pass that keeps the graph's meaning. */
    public static final class Relabel implements ModelPass {
        private final String name;

        public Relabel(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) {
            return model.toBuilder().setDocString("passed through " + name).build();
        }
    }

    /** Always fails, as a pass does on a model it cannot handle. */
    public static final class Failing implements ModelPass {
        private final String name;

        public Failing(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) throws PassException {
            throw new PassException(name + ": node fc1 has no quantized kernel");
        }
    }

    /** graph: unchanged; int8-dynamic: 8-bit weights except fc1 at 2 bits; int8-static: 8 bits; prune fails. */
    public static Function<String, ModelPass> damagingOneNode() {
        return name -> switch (name) {
            case "graph" -> new Relabel(name);
            case "int8-dynamic" -> new LowPrecisionWeights(name, 8, Map.of("fc1", 2));
            case "int8-static", "fp16" -> new LowPrecisionWeights(name, 8, Map.of());
            case "prune" -> new Failing(name);
            default -> throw new IllegalArgumentException("unknown pass '" + name + "'");
        };
    }
}
