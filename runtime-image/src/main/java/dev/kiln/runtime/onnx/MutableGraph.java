package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A graph being edited by a pass: nodes and initializers can be added, replaced and rewired freely; {@link
 * #toModel} puts the nodes back in topological order and drops initializers nothing uses any more.
 */
public final class MutableGraph {

    private final OnnxMl.ModelProto original;
    private final List<OnnxMl.NodeProto> nodes;
    private final Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();

    public MutableGraph(OnnxMl.ModelProto model) {
        this.original = model;
        OnnxMl.GraphProto graph = model.getGraph();
        this.nodes = new ArrayList<>(graph.getNodeList());
        for (OnnxMl.TensorProto init : graph.getInitializerList()) {
            initializers.put(init.getName(), init);
            names.add(init.getName());
        }
        graph.getInputList().forEach(v -> names.add(v.getName()));
        graph.getOutputList().forEach(v -> names.add(v.getName()));
        for (OnnxMl.NodeProto node : nodes) {
            names.add(node.getName());
            names.addAll(node.getInputList());
            names.addAll(node.getOutputList());
        }
    }

    /** A tensor or node name not used anywhere in the graph yet, based on {@code base}. */
    public String fresh(String base) {
        String candidate = base;
        int n = 1;
        while (names.contains(candidate)) {
            candidate = base + "_" + n++;
        }
        names.add(candidate);
        return candidate;
    }

    public List<OnnxMl.NodeProto> nodes() {
        return nodes;
    }

    public OnnxMl.TensorProto initializer(String name) {
        return initializers.get(name);
    }

    public void putInitializer(OnnxMl.TensorProto tensor) {
        initializers.put(tensor.getName(), tensor);
        names.add(tensor.getName());
    }

    public void removeInitializer(String name) {
        initializers.remove(name);
    }

    public void addNode(OnnxMl.NodeProto node) {
        nodes.add(node);
        names.add(node.getName());
        names.addAll(node.getOutputList());
    }

    /** Every input named {@code from} of a node for which {@code rewire} holds now reads {@code to}. */
    public void rewireInputs(String from, String to, java.util.function.Predicate<OnnxMl.NodeProto> rewire) {
        for (int i = 0; i < nodes.size(); i++) {
            OnnxMl.NodeProto node = nodes.get(i);
            if (!node.getInputList().contains(from) || !rewire.test(node)) {
                continue;
            }
            OnnxMl.NodeProto.Builder b = node.toBuilder();
            for (int k = 0; k < b.getInputCount(); k++) {
                if (b.getInput(k).equals(from)) {
                    b.setInput(k, to);
                }
            }
            nodes.set(i, b.build());
        }
    }

    public OnnxMl.ModelProto toModel() {
        OnnxMl.GraphProto graph = original.getGraph();
        OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearNode().clearInitializer().clearValueInfo();
        builder.addAllNode(topologicalOrder());
        Set<String> used = new HashSet<>();
        for (OnnxMl.NodeProto node : nodes) {
            used.addAll(node.getInputList());
        }
        graph.getOutputList().forEach(v -> used.add(v.getName()));
        for (OnnxMl.TensorProto init : initializers.values()) {
            if (used.contains(init.getName())) {
                builder.addInitializer(init);
            }
        }
        builder.clearInput();
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            boolean wasInitializer = graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(input.getName()));
            if (!wasInitializer || (initializers.containsKey(input.getName()) && used.contains(input.getName()))) {
                builder.addInput(input);
            }
        }
        return original.toBuilder().setGraph(builder).build();
    }

    /** Kahn's algorithm, keeping the current order among nodes that are ready at the same time. */
    private List<OnnxMl.NodeProto> topologicalOrder() {
        Map<String, Integer> producerOf = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                producerOf.put(out, i);
            }
        }
        int[] pending = new int[nodes.size()];
        Map<Integer, List<Integer>> dependents = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).getInputList()) {
                Integer p = producerOf.get(in);
                if (p != null && p != i) {
                    pending[i]++;
                    dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
                }
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<OnnxMl.NodeProto> ordered = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            ordered.add(nodes.get(i));
            for (int d : dependents.getOrDefault(i, List.of())) {
                if (--pending[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (ordered.size() != nodes.size()) {
            throw new IllegalStateException("graph has a cycle after editing: " + (nodes.size() - ordered.size())
                    + " nodes could not be ordered");
        }
        return ordered;
    }
}
