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
 * {@code fp16}: float16 weights and compute. Model inputs and outputs stay float32 (a Cast at each edge);
 * nodes in {@link #FLOAT32_ONLY} or in {@code keepInFloat} run in float32 with Casts around them. Float16
 * initializers halve the file; GPU providers run the float16 kernels (tensor cores). ONNX Runtime's CPU
 * provider has few float16 kernels and inserts its own Casts, so on CPU this variant is for size, not speed.
 */
final class Float16Pass implements ModelPass {

    /**
     * Ops left in float32: they have no float16 kernel in ONNX Runtime's CPU or CUDA provider, take float32-only
     * inputs by definition, or lose too much in float16 (random generators, NMS/ROI boxes, cumulative sums).
     */
    static final Set<String> FLOAT32_ONLY = Set.of("NonMaxSuppression", "RoiAlign", "Range", "CumSum", "TopK",
            "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Multinomial", "Upsample",
            "ConstantOfShape", "EyeLike", "Bernoulli", "STFT", "DFT");

    /** Inputs that stay float32 whatever the node's compute type (e.g. Resize's scales). */
    private static final Map<String, Set<Integer>> FLOAT32_INPUTS = Map.of("Resize", Set.of(2));

    @Override
    public String name() {
        return "fp16";
    }

    @Override
    public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) throws PassException {
        Set<String> keep = context.keepInFloat() == null ? Set.of() : context.keepInFloat();
        OnnxMl.ModelProto prepared = ModelPreparation.normalize(model);
        OnnxMl.GraphProto source = prepared.getGraph();
        GraphIndex index = new GraphIndex(source);
        ElementTypes types = ElementTypes.infer(source);
        MutableGraph graph = new MutableGraph(prepared);
        Map<String, String> halfOf = new HashMap<>();
        Map<String, String> floatOf = new HashMap<>();
        java.util.HashSet<String> half = new java.util.HashSet<>();
        List<OnnxMl.NodeProto> nodes = List.copyOf(graph.nodes());
        graph.nodes().clear();
        for (OnnxMl.NodeProto node : nodes) {
            boolean inFloat = keep.contains(node.getName()) || FLOAT32_ONLY.contains(node.getOpType())
                    || !(Nodes.isDefaultDomain(node) || node.getDomain().equals("com.microsoft"));
            OnnxMl.NodeProto.Builder b = node.toBuilder();
            if (node.getOpType().equals("Cast") && !inFloat) {
                // Cast takes any input type; only a cast to float32 changes, to float16.
                if (Nodes.intAttribute(node, "to", 0) == DataType.FLOAT_VALUE) {
                    b.clearAttribute().addAttribute(Nodes.intAttr("to", DataType.FLOAT16_VALUE));
                    half.add(node.getOutput(0));
                }
                graph.addNode(b.build());
                continue;
            }
            for (int i = 0; i < b.getInputCount(); i++) {
                String in = b.getInput(i);
                if (in.isEmpty()) {
                    continue;
                }
                boolean keepInput = inFloat || FLOAT32_INPUTS.getOrDefault(node.getOpType(), Set.of()).contains(i);
                if (keepInput && half.contains(in)) {
                    b.setInput(i, floatOf.computeIfAbsent(in, t -> cast(graph, t, DataType.FLOAT)));
                } else if (!keepInput && types.isFloat(in) && !half.contains(in)) {
                    b.setInput(i, halfOf.computeIfAbsent(in, t -> toHalf(graph, t, index)));
                }
            }
            if (!inFloat) {
                for (String out : node.getOutputList()) {
                    if (types.isFloat(out)) {
                        half.add(out);
                    }
                }
            }
            graph.addNode(b.build());
        }
        // Graph outputs keep their float32 name and type: the float16 producer writes a new name, a Cast
        // writes the output.
        for (OnnxMl.ValueInfoProto output : source.getOutputList()) {
            String name = output.getName();
            if (!half.contains(name)) {
                continue;
            }
            String renamed = graph.fresh(name + "_fp16");
            for (int n = 0; n < graph.nodes().size(); n++) {
                OnnxMl.NodeProto node = graph.nodes().get(n);
                OnnxMl.NodeProto.Builder b = node.toBuilder();
                boolean touched = false;
                for (int i = 0; i < b.getOutputCount(); i++) {
                    if (b.getOutput(i).equals(name)) {
                        b.setOutput(i, renamed);
                        touched = true;
                    }
                }
                for (int i = 0; i < b.getInputCount(); i++) {
                    if (b.getInput(i).equals(name)) {
                        b.setInput(i, renamed);
                        touched = true;
                    }
                }
                if (touched) {
                    graph.nodes().set(n, b.build());
                }
            }
            graph.addNode(Nodes.node("Cast", graph.fresh(name + "_to_float32"), List.of(renamed), List.of(name))
                    .addAttribute(Nodes.intAttr("to", DataType.FLOAT_VALUE)).build());
        }
        return ModelPreparation.packSparseWeights(graph.toModel());
    }

    /** A float16 version of a float32 tensor: a converted copy for initializers, a Cast otherwise. */
    private static String toHalf(MutableGraph graph, String tensor, GraphIndex index) {
        OnnxMl.TensorProto init = index.initializer(tensor);
        if (init != null) {
            String name = graph.fresh(tensor + "_fp16");
            graph.putInitializer(Tensors.ofFloat16(name, Tensors.dims(init), Tensors.floats(init)));
            return name;
        }
        return cast(graph, tensor, DataType.FLOAT16);
    }

    private static String cast(MutableGraph graph, String tensor, DataType to) {
        String name = graph.fresh(tensor + (to == DataType.FLOAT ? "_fp32" : "_fp16"));
        graph.addNode(Nodes.node("Cast", graph.fresh(name + "_Cast"), List.of(tensor), List.of(name))
                .addAttribute(Nodes.intAttr("to", to.getNumber())).build());
        return name;
    }
}
