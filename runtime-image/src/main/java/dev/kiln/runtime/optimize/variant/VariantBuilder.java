package dev.kiln.runtime.optimize.variant;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.optimize.FloatTensor;
import dev.kiln.runtime.optimize.pass.calibration.CalibrationCache;
import dev.kiln.runtime.optimize.pass.ModelPass;
import dev.kiln.runtime.optimize.pass.PassContext;
import dev.kiln.runtime.optimize.pass.PassException;
import dev.kiln.runtime.optimize.pass.Passes;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Applies a pipeline of passes to a model and writes the result. */
public final class VariantBuilder {

    /**
     * Ops whose activations static quantization wraps in Quantize/DequantizeLinear besides the weighted ones;
     * a badly calibrated range there costs accuracy as much as a weight does.
     */
    public static final Set<String> ACTIVATION_OPS = Set.of("Add", "Mul", "Concat", "GlobalAveragePool", "AveragePool");

    private final Function<String, ModelPass> passes;
    private final List<Map<String, FloatTensor>> calibration;
    private final String executionProvider;
    private final int threads;
    private final Path workDir;
    private final CalibrationCache calibrationCache = new CalibrationCache();

    public VariantBuilder(Function<String, ModelPass> passes, List<Map<String, FloatTensor>> calibration,
                          String executionProvider, int threads, Path workDir) {
        this.passes = passes;
        this.calibration = calibration;
        this.executionProvider = executionProvider;
        this.threads = threads;
        this.workDir = workDir;
    }

    public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, List<PassStep> steps, Set<String> keepInFloat)
            throws PassException, IOException {
        OnnxMl.ModelProto current = model;
        for (PassStep step : steps) {
            Path scratch = Files.createDirectories(workDir.resolve("scratch"));
            PassContext context = new PassContext(calibration, keepInFloat, executionProvider, threads, scratch,
                    step.options(), calibrationCache);
            current = passes.apply(step.pass()).apply(current, context);
        }
        return current;
    }

    /**
     * The nodes the first quantizing pass of the pipeline may quantize, in graph order: those whose weights
     * the passes quantize ({@link Passes#quantizableNodes}, by the names the passes use) and those of
     * {@link #ACTIVATION_OPS}.
     */
    public List<String> quantizableNodes(OnnxMl.ModelProto model, List<PassStep> steps) throws PassException, IOException {
        List<PassStep> before = new ArrayList<>();
        for (PassStep step : steps) {
            if (step.quantizes()) {
                break;
            }
            before.add(step);
        }
        OnnxMl.ModelProto input = apply(model, before, Set.of());
        Set<String> weighted = new LinkedHashSet<>(Passes.quantizableNodes(input));
        Set<String> nodes = new LinkedHashSet<>();
        List<OnnxMl.NodeProto> graph = input.getGraph().getNodeList();
        for (int i = 0; i < graph.size(); i++) {
            OnnxMl.NodeProto node = graph.get(i);
            // The passes name unnamed nodes <OpType>_<index>; keepInFloat must use their names.
            String name = node.getName().isEmpty() ? node.getOpType() + "_" + i : node.getName();
            if (weighted.contains(name) || ACTIVATION_OPS.contains(node.getOpType())) {
                nodes.add(name);
            }
        }
        nodes.addAll(weighted);
        return List.copyOf(nodes);
    }

    /** Calibration runs made so far by this builder's passes (the accuracy fallback reuses ranges). */
    public int calibrations() {
        return calibrationCache.calibrations();
    }

    public static void write(OnnxMl.ModelProto model, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }
}
