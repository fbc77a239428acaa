package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.kiln.runtime.onnx.ElementTypes;
import dev.kiln.runtime.onnx.GraphIndex;
import dev.kiln.runtime.onnx.MutableGraph;
import dev.kiln.runtime.onnx.Nodes;
import dev.kiln.runtime.onnx.Tensors;
import dev.kiln.runtime.optimize.FloatTensor;
import dev.kiln.runtime.optimize.pass.calibration.ActivationCalibrator;
import dev.kiln.runtime.optimize.pass.calibration.CalibrationMethod;
import dev.kiln.runtime.optimize.pass.calibration.Range;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code int8-static}: QDQ format. Weights of Conv/MatMul/Gemm become symmetric per-channel int8 behind a
 * DequantizeLinear; biases int32 at scale input_scale * weight_scale; every activation entering or leaving
 * a quantized node gets a QuantizeLinear/DequantizeLinear pair with the range calibration chose. A ReLU (or
 * Clip from 0) right after a quantized node is dropped: the Q of its input, calibrated on the ReLU's output,
 * clamps at zero just the same, and it leaves the DQ-op-Q groups ONNX Runtime fuses into QLinearConv,
 * QLinearMatMul, QGemm, QLinearAdd and QLinearGlobalAveragePool.
 */
final class StaticQuantizationPass implements ModelPass {

    @Override
    public String name() {
        return "int8-static";
    }

    @Override
    public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) throws PassException {
        List<Map<String, FloatTensor>> feeds = context.calibration();
        if (feeds == null || feeds.isEmpty()) {
            throw new PassException("int8-static needs calibration data to choose activation ranges, but the"
                    + " calibration set is empty; give the plan a calibration data set (--calibration <dir>)");
        }
        CalibrationMethod method;
        try {
            method = CalibrationMethod.parse(context.options().calibrationMethod());
        } catch (IllegalArgumentException e) {
            throw new PassException("int8-static: " + e.getMessage());
        }
        ActivationType activationType = ActivationType.parse(context.options().activationType());
        Set<String> keep = context.keepInFloat() == null ? Set.of() : context.keepInFloat();

        OnnxMl.ModelProto prepared = ModelPreparation.forQuantization(model, name());
        checkFeeds(prepared, feeds);
        GraphIndex index = new GraphIndex(prepared.getGraph());
        ElementTypes types = ElementTypes.infer(prepared.getGraph());

        Map<String, List<Integer>> selected = new LinkedHashMap<>();
        for (OnnxMl.NodeProto node : prepared.getGraph().getNodeList()) {
            List<Integer> inputs = keep.contains(node.getName()) ? null
                    : QuantizableOps.staticActivationInputs(node, index, types);
            if (inputs != null) {
                selected.put(node.getName(), inputs);
            }
        }
        OnnxMl.ModelProto folded = foldActivations(prepared, index, selected.keySet(), keep);
        GraphIndex foldedIndex = new GraphIndex(folded.getGraph());

        // Tensors to quantize, in graph order; ops that keep the scale reuse their input's range.
        Set<String> quantized = new LinkedHashSet<>();
        Map<String, String> rangeSource = new HashMap<>();
        for (OnnxMl.NodeProto node : folded.getGraph().getNodeList()) {
            List<Integer> inputs = selected.get(node.getName());
            if (inputs == null) {
                continue;
            }
            for (int i : inputs) {
                quantized.add(node.getInput(i));
            }
            String out = node.getOutput(0);
            if (!foldedIndex.isGraphOutput(out)) {
                quantized.add(out);
                if (QuantizableOps.SAME_SCALE_OPS.contains(node.getOpType())) {
                    String source = node.getInput(0);
                    rangeSource.put(out, rangeSource.getOrDefault(source, source));
                }
            }
        }
        Set<String> calibrated = new LinkedHashSet<>();
        for (String tensor : quantized) {
            calibrated.add(rangeSource.getOrDefault(tensor, tensor));
        }
        Map<String, Range> ranges;
        try {
            ranges = context.calibrationCache().ranges(
                    new ActivationCalibrator(method, context.options().percentile(), context.threads()),
                    prepared, calibrated, feeds);
        } catch (OrtException | IllegalStateException e) {
            throw new PassException("int8-static: calibration run failed: " + e.getMessage(), e);
        }

        MutableGraph graph = new MutableGraph(folded);
        Map<String, Float> inputScales = new HashMap<>();
        Map<String, String> dequantizedName = new HashMap<>();
        for (String tensor : quantized) {
            ActivationType.Params params = activationType.params(ranges.get(rangeSource.getOrDefault(tensor, tensor)));
            inputScales.put(tensor, params.scale());
            String scale = graph.fresh(tensor + "_scale");
            String zeroPoint = graph.fresh(tensor + "_zero_point");
            graph.putInitializer(Tensors.scalarFloat(scale, params.scale()));
            graph.putInitializer(activationType.zeroPointTensor(zeroPoint, params.zeroPoint()));
            String q = graph.fresh(tensor + "_quantized");
            String dq = graph.fresh(tensor + "_dequantized");
            graph.rewireInputs(tensor, dq, n -> true);
            graph.addNode(Nodes.node("QuantizeLinear", graph.fresh(tensor + "_QuantizeLinear"),
                    List.of(tensor, scale, zeroPoint), List.of(q)).build());
            graph.addNode(Nodes.node("DequantizeLinear", graph.fresh(tensor + "_DequantizeLinear"),
                    List.of(q, scale, zeroPoint), List.of(dq)).build());
            dequantizedName.put(tensor, dq);
        }
        for (int n = 0; n < graph.nodes().size(); n++) {
            OnnxMl.NodeProto node = graph.nodes().get(n);
            if (!selected.containsKey(node.getName()) || !QuantizableOps.isWeighted(node)) {
                continue;
            }
            String activation = folded.getGraph().getNodeList().stream().filter(x -> x.getName().equals(node.getName()))
                    .findFirst().orElseThrow().getInput(0);
            graph.nodes().set(n, quantizeWeights(graph, node, foldedIndex, inputScales.get(activation)));
        }
        return ModelPreparation.packSparseWeights(graph.toModel());
    }

    private static OnnxMl.NodeProto quantizeWeights(MutableGraph graph, OnnxMl.NodeProto node, GraphIndex index,
                                                    float inputScale) {
        QuantizableOps.Weight weight = QuantizableOps.weight(node, index);
        OnnxMl.TensorProto w = index.initializer(node.getInput(weight.input()));
        long[] dims = Tensors.dims(w);
        WeightQuantizer.Quantized q = WeightQuantizer.quantize(Tensors.floats(w), dims, weight.channelAxis(), true);
        int channels = q.scales().length;
        String base = node.getName() + "." + w.getName();
        String values = graph.fresh(base + "_quantized");
        String scales = graph.fresh(base + "_scale");
        String zeros = graph.fresh(base + "_zero_point");
        String dq = graph.fresh(base + "_dequantized");
        graph.putInitializer(Tensors.ofInt8(values, dims, q.values()));
        graph.putInitializer(Tensors.ofFloats(scales, new long[] {channels}, q.scales()));
        graph.putInitializer(Tensors.ofInt8(zeros, new long[] {channels}, new byte[channels]));
        graph.addNode(Nodes.node("DequantizeLinear", graph.fresh(base + "_DequantizeLinear"),
                List.of(values, scales, zeros), List.of(dq)).addAttribute(Nodes.intAttr("axis", weight.channelAxis())).build());
        OnnxMl.NodeProto.Builder rewired = node.toBuilder().setInput(weight.input(), dq);
        String biasName = Nodes.input(node, 2);
        if (!biasName.isEmpty()) {
            float[] bias = Tensors.floats(index.initializer(biasName));
            float[] biasScales = new float[channels];
            int[] biasValues = new int[bias.length];
            for (int c = 0; c < bias.length; c++) {
                biasScales[c] = inputScale * q.scales()[channels == 1 ? 0 : c];
                biasValues[c] = (int) Math.max(Integer.MIN_VALUE + 1,
                        Math.min(Integer.MAX_VALUE, Math.round((double) bias[c] / biasScales[c])));
            }
            String bq = graph.fresh(base + "_bias_quantized");
            String bs = graph.fresh(base + "_bias_scale");
            String bz = graph.fresh(base + "_bias_zero_point");
            String bdq = graph.fresh(base + "_bias_dequantized");
            graph.putInitializer(Tensors.ofInt32(bq, new long[] {bias.length}, biasValues));
            graph.putInitializer(Tensors.ofFloats(bs, new long[] {bias.length}, biasScales));
            graph.putInitializer(Tensors.ofInt32(bz, new long[] {bias.length}, new int[bias.length]));
            graph.addNode(Nodes.node("DequantizeLinear", graph.fresh(base + "_bias_DequantizeLinear"),
                    List.of(bq, bs, bz), List.of(bdq)).addAttribute(Nodes.intAttr("axis", 0)).build());
            rewired.setInput(2, bdq);
        }
        return rewired.build();
    }

    /**
     * Drops each ReLU (or Clip with minimum 0) whose input comes only from a quantized node; that node then
     * writes the ReLU's output tensor directly.
     */
    private static OnnxMl.ModelProto foldActivations(OnnxMl.ModelProto model, GraphIndex index, Set<String> selected,
                                                     Set<String> keep) {
        Map<String, String> newOutput = new HashMap<>();
        Set<String> removed = new HashSet<>();
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            if (!selected.contains(node.getName()) || QuantizableOps.SAME_SCALE_OPS.contains(node.getOpType())) {
                continue;
            }
            String out = node.getOutput(0);
            List<OnnxMl.NodeProto> consumers = index.consumers(out);
            if (consumers.size() != 1 || index.isGraphOutput(out)) {
                continue;
            }
            OnnxMl.NodeProto activation = consumers.get(0);
            if (keep.contains(activation.getName()) || !isClampAtZero(activation, index)
                    || index.isGraphOutput(activation.getOutput(0))) {
                continue;
            }
            newOutput.put(node.getName(), activation.getOutput(0));
            removed.add(activation.getName());
        }
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder().clearNode();
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            if (removed.contains(node.getName())) {
                continue;
            }
            String output = newOutput.get(node.getName());
            graph.addNode(output == null ? node : node.toBuilder().setOutput(0, output).build());
        }
        return model.toBuilder().setGraph(graph).build();
    }

    private static boolean isClampAtZero(OnnxMl.NodeProto node, GraphIndex index) {
        if (!Nodes.isDefaultDomain(node)) {
            return false;
        }
        if (node.getOpType().equals("Relu")) {
            return true;
        }
        if (node.getOpType().equals("Clip")) {
            String min = Nodes.input(node, 1);
            OnnxMl.TensorProto minTensor = min.isEmpty() ? null : index.initializer(min);
            return minTensor != null && Tensors.isFloat(minTensor) && Tensors.floats(minTensor).length == 1
                    && Tensors.floats(minTensor)[0] == 0f;
        }
        return false;
    }

    static void checkFeeds(OnnxMl.ModelProto model, List<Map<String, FloatTensor>> feeds) throws PassException {
        GraphIndex index = new GraphIndex(model.getGraph());
        List<String> required = new ArrayList<>();
        for (OnnxMl.ValueInfoProto input : model.getGraph().getInputList()) {
            if (index.isGraphInput(input.getName())) {
                required.add(input.getName());
            }
        }
        for (int i = 0; i < feeds.size(); i++) {
            for (String name : required) {
                if (!feeds.get(i).containsKey(name)) {
                    throw new PassException("int8-static: calibration sample " + i + " has no tensor for model input '"
                            + name + "' (it has " + feeds.get(i).keySet() + "); every sample must feed every input");
                }
            }
        }
    }
}
