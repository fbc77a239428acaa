package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds inference-mode BatchNormalization into the preceding Conv (new weights and bias), so quantization
 * sees one conv with its real output range, as ONNX Runtime's own Conv+BN fusion would.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {
    }

    public static OnnxMl.ModelProto fold(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto graph = model.getGraph();
        GraphIndex index = new GraphIndex(graph);
        Map<String, OnnxMl.TensorProto> newInitializers = new HashMap<>();
        Set<String> removedNodes = new HashSet<>();
        Map<String, OnnxMl.NodeProto> replacedConvs = new HashMap<>();
        for (OnnxMl.NodeProto bn : graph.getNodeList()) {
            if (!bn.getOpType().equals("BatchNormalization") || !Nodes.isDefaultDomain(bn) || bn.getOutputCount() != 1
                    || Nodes.intAttribute(bn, "training_mode", 0) != 0) {
                continue;
            }
            OnnxMl.NodeProto conv = index.producer(bn.getInput(0));
            if (conv == null || !conv.getOpType().equals("Conv") || index.consumers(conv.getOutput(0)).size() != 1
                    || index.isGraphOutput(conv.getOutput(0)) || replacedConvs.containsKey(conv.getName())) {
                continue;
            }
            OnnxMl.TensorProto weight = index.initializer(conv.getInput(1));
            String biasName = Nodes.input(conv, 2);
            OnnxMl.TensorProto bias = biasName.isEmpty() ? null : index.initializer(biasName);
            List<OnnxMl.TensorProto> params = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                params.add(index.initializer(bn.getInput(i)));
            }
            if (weight == null || !Tensors.isFloat(weight) || (!biasName.isEmpty() && bias == null)
                    || params.stream().anyMatch(p -> p == null || !Tensors.isFloat(p))
                    || index.consumers(conv.getInput(1)).size() != 1) {
                continue;
            }
            float epsilon = Nodes.floatAttribute(bn, "epsilon", 1e-5f);
            float[] gamma = Tensors.floats(params.get(0));
            float[] beta = Tensors.floats(params.get(1));
            float[] mean = Tensors.floats(params.get(2));
            float[] var = Tensors.floats(params.get(3));
            float[] w = Tensors.floats(weight);
            int channels = gamma.length;
            int perChannel = w.length / channels;
            float[] b = bias == null ? new float[channels] : Tensors.floats(bias);
            float[] newBias = new float[channels];
            for (int c = 0; c < channels; c++) {
                double factor = gamma[c] / Math.sqrt(var[c] + epsilon);
                for (int k = 0; k < perChannel; k++) {
                    w[c * perChannel + k] = (float) (w[c * perChannel + k] * factor);
                }
                newBias[c] = (float) ((b[c] - mean[c]) * factor + beta[c]);
            }
            String weightName = weight.getName();
            String newBiasName = conv.getName() + ".folded_bias";
            newInitializers.put(weightName, Tensors.ofFloats(weightName, Tensors.dims(weight), w));
            newInitializers.put(newBiasName, Tensors.ofFloats(newBiasName, new long[] {channels}, newBias));
            OnnxMl.NodeProto.Builder folded = conv.toBuilder().clearInput().addInput(conv.getInput(0))
                    .addInput(weightName).addInput(newBiasName).setOutput(0, bn.getOutput(0));
            replacedConvs.put(conv.getName(), folded.build());
            removedNodes.add(bn.getName());
        }
        if (replacedConvs.isEmpty()) {
            return model;
        }
        OnnxMl.GraphProto.Builder builder = graph.toBuilder().clearNode().clearInitializer();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (removedNodes.contains(node.getName())) {
                continue;
            }
            builder.addNode(replacedConvs.getOrDefault(node.getName(), node));
        }
        Set<String> used = new HashSet<>();
        builder.getNodeList().forEach(n -> used.addAll(n.getInputList()));
        for (OnnxMl.TensorProto init : graph.getInitializerList()) {
            if (used.contains(init.getName())) {
                builder.addInitializer(newInitializers.getOrDefault(init.getName(), init));
            }
        }
        newInitializers.values().stream().filter(t -> t.getName().endsWith(".folded_bias")).forEach(builder::addInitializer);
        // Drop graph-input entries of initializers that are gone (older IR versions list them as inputs).
        List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>(builder.getInputList());
        builder.clearInput();
        Set<String> initNames = new HashSet<>();
        builder.getInitializerList().forEach(t -> initNames.add(t.getName()));
        for (OnnxMl.ValueInfoProto input : inputs) {
            if (index.isInitializer(input.getName()) && !initNames.contains(input.getName())) {
                continue;
            }
            builder.addInput(input);
        }
        return model.toBuilder().setGraph(builder).build();
    }
}
