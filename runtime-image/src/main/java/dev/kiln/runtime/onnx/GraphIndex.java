package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who produces and who consumes each tensor of a graph, plus its initializers and outputs, looked up by name. */
public final class GraphIndex {

    private final Map<String, OnnxMl.NodeProto> producers = new HashMap<>();
    private final Map<String, List<OnnxMl.NodeProto>> consumers = new HashMap<>();
    private final Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    private final Set<String> graphInputs = new HashSet<>();
    private final Set<String> graphOutputs = new HashSet<>();

    public GraphIndex(OnnxMl.GraphProto graph) {
        for (OnnxMl.TensorProto init : graph.getInitializerList()) {
            initializers.put(init.getName(), init);
        }
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (!initializers.containsKey(input.getName())) {
                graphInputs.add(input.getName());
            }
        }
        for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
            graphOutputs.add(output.getName());
        }
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            for (String out : node.getOutputList()) {
                producers.put(out, node);
            }
            for (String in : node.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
                }
            }
        }
    }

    public OnnxMl.NodeProto producer(String tensor) {
        return producers.get(tensor);
    }

    public List<OnnxMl.NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    public OnnxMl.TensorProto initializer(String name) {
        return initializers.get(name);
    }

    public boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    public boolean isGraphInput(String name) {
        return graphInputs.contains(name);
    }

    public boolean isGraphOutput(String name) {
        return graphOutputs.contains(name);
    }

    /** Whether the tensor is a constant: an initializer or the output of a Constant node. */
    public boolean isConstant(String name) {
        OnnxMl.NodeProto producer = producers.get(name);
        return initializers.containsKey(name) || (producer != null && producer.getOpType().equals("Constant"));
    }
}
