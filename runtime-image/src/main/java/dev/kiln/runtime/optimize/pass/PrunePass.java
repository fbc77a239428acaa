package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.onnx.GraphIndex;
import dev.kiln.runtime.onnx.MutableGraph;
import dev.kiln.runtime.onnx.OpsetUpgrade;
import dev.kiln.runtime.onnx.Tensors;

import java.util.Arrays;
import java.util.Set;

/**
 * {@code prune}: unstructured magnitude pruning. In each Conv, MatMul and Gemm weight, the fraction
 * {@code sparsity} of values smallest in magnitude become exactly zero (per layer, so every layer keeps its
 * largest weights). The pruned weights are stored packed (bit mask plus non-zero values, see
 * {@link dev.kiln.runtime.onnx.PackedWeights}), so the file shrinks; later int8 passes keep the zeros (their
 * weight zero point is 0) and pack the int8 weights again.
 */
final class PrunePass implements ModelPass {

    @Override
    public String name() {
        return "prune";
    }

    @Override
    public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) throws PassException {
        double sparsity = context.options().sparsity();
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new PassException("prune: sparsity must be at least 0 and below 1 (the fraction of weights set to"
                    + " zero in each layer), got " + sparsity);
        }
        Set<String> keep = context.keepInFloat() == null ? Set.of() : context.keepInFloat();
        OnnxMl.ModelProto prepared;
        try {
            // The packed form needs opset 13 ops.
            prepared = OpsetUpgrade.toOpset13(ModelPreparation.normalize(model));
        } catch (IllegalArgumentException e) {
            throw new PassException("prune: " + e.getMessage(), e);
        }
        GraphIndex index = new GraphIndex(prepared.getGraph());
        MutableGraph graph = new MutableGraph(prepared);
        java.util.Set<String> pruned = new java.util.HashSet<>();
        for (OnnxMl.NodeProto node : prepared.getGraph().getNodeList()) {
            if (keep.contains(node.getName()) || !QuantizableOps.isWeighted(node)) {
                continue;
            }
            QuantizableOps.Weight weight = QuantizableOps.weight(node, index);
            if (weight == null || !pruned.add(node.getInput(weight.input()))) {
                continue;
            }
            OnnxMl.TensorProto w = index.initializer(node.getInput(weight.input()));
            float[] values = Tensors.floats(w);
            prune(values, sparsity);
            graph.putInitializer(Tensors.ofFloats(w.getName(), Tensors.dims(w), values));
        }
        return ModelPreparation.packSparseWeights(graph.toModel());
    }

    /** Zeroes exactly floor(sparsity * n) of the values, those smallest in magnitude. */
    static void prune(float[] values, double sparsity) {
        int zeros = (int) Math.floor(sparsity * values.length);
        if (zeros == 0) {
            return;
        }
        float[] magnitudes = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            magnitudes[i] = Math.abs(values[i]);
        }
        Arrays.sort(magnitudes);
        float threshold = magnitudes[zeros - 1];
        int below = 0;
        for (float m : magnitudes) {
            if (m < threshold) {
                below++;
            }
        }
        int tiesToZero = zeros - below;
        for (int i = 0; i < values.length; i++) {
            float m = Math.abs(values[i]);
            if (m < threshold) {
                values[i] = 0f;
            } else if (m == threshold && tiesToZero > 0) {
                values[i] = 0f;
                tiesToZero--;
            }
        }
    }
}
