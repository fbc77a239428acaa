package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.kiln.runtime.onnx.OrtModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code graph}: ONNX Runtime's offline graph optimization, saved to a file. {@code basic} (the default) is
 * portable: constant folding, redundant-node removal and Conv/BatchNorm/Add fusions into standard ONNX ops.
 * {@code extended} and {@code all} add fusions into ONNX Runtime's own com.microsoft ops assigned to the CPU
 * provider (FusedConv, QLinearAdd, ...), and {@code all} adds the NCHWc layout for this CPU's vector width;
 * such a file runs only where it was made, so those levels are for measuring on the target node itself.
 */
final class GraphOptimizationPass implements ModelPass {

    @Override
    public String name() {
        return "graph";
    }

    @Override
    public OnnxMl.ModelProto apply(OnnxMl.ModelProto model, PassContext context) throws PassException {
        OrtModels.Level level;
        try {
            level = OrtModels.Level.parse(context.options().graphLevel());
        } catch (IllegalArgumentException e) {
            throw new PassException("graph: " + e.getMessage());
        }
        String provider = context.executionProvider() == null ? "cpu" : context.executionProvider();
        if (level.compareTo(OrtModels.Level.BASIC) > 0 && !provider.equalsIgnoreCase("cpu")) {
            throw new PassException("graph: level '" + context.options().graphLevel() + "' fuses nodes for the CPU"
                    + " provider, but the target provider is '" + provider + "'; use graphLevel basic");
        }
        OnnxMl.ModelProto input = ModelPreparation.normalize(model);
        Path file;
        try {
            Path dir = context.workDir() != null ? context.workDir() : Files.createTempDirectory("kiln-graph");
            file = dir.resolve("graph-" + level.name().toLowerCase() + "-" + System.nanoTime() + ".onnx");
        } catch (IOException e) {
            throw new PassException("graph: cannot create a scratch folder for ONNX Runtime's output: " + e.getMessage(), e);
        }
        try {
            OnnxMl.ModelProto optimized = OrtModels.optimize(input, level, context.threads(), file);
            return ModelPreparation.packSparseWeights(optimized);
        } catch (OrtException | IOException e) {
            throw new PassException("graph: ONNX Runtime could not optimize the model: " + e.getMessage(), e);
        } finally {
            file.toFile().delete();
        }
    }
}
