package dev.kiln.runtime.optimize.variant;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.optimize.FloatTensor;
import dev.kiln.runtime.optimize.pass.ModelPass;
import dev.kiln.runtime.optimize.pass.PassContext;
import dev.kiln.runtime.optimize.pass.PassException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Applies a pipeline of passes to a model and writes the result. */
public final class VariantBuilder {

    /**
     * Op types quantization changes: those with weights, and those whose activations static quantization
     * wraps in Quantize/DequantizeLinear. The accuracy fallback may keep any of these in float.
     */
    public static final Set<String> QUANTIZABLE_OPS = Set.of("Conv", "ConvTranspose", "MatMul", "Gemm", "Add", "Mul",
            "Concat", "GlobalAveragePool", "AveragePool");

    private final Function<String, ModelPass> passes;
    private final List<Map<String, FloatTensor>> calibration;
    private final String executionProvider;
    private final int threads;
    private final Path workDir;

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
                    step.options());
            current = passes.apply(step.pass()).apply(current, context);
        }
        return current;
    }

    /** The quantizable nodes the first quantizing pass of the pipeline sees, in graph order. */
    public List<String> quantizableNodes(OnnxMl.ModelProto model, List<PassStep> steps) throws PassException, IOException {
        List<PassStep> before = new ArrayList<>();
        for (PassStep step : steps) {
            if (step.quantizes()) {
                break;
            }
            before.add(step);
        }
        OnnxMl.ModelProto input = apply(model, before, Set.of());
        return input.getGraph().getNodeList().stream()
                .filter(n -> QUANTIZABLE_OPS.contains(n.getOpType()) && !n.getName().isEmpty())
                .map(OnnxMl.NodeProto::getName).toList();
    }

    public static void write(OnnxMl.ModelProto model, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }
}
