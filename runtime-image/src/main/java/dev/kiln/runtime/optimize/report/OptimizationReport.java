package dev.kiln.runtime.optimize.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.contract.Artifact;
import dev.kiln.contract.Contracts;
import dev.kiln.contract.Goals;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code report.json}: every variant with every measurement, the selection and why. The termination summary
 * the operator reads is a cut-down view of it ({@link #toSummary()}).
 *
 * @param apiVersion        always {@link #API_VERSION}
 * @param outcome           how the run ended
 * @param message           one line for people
 * @param selected          the selected variant's name
 * @param reason            why it was selected
 * @param artifact          {@code model.onnx} as written
 * @param executionProvider where latency was measured
 * @param threads           intra-op threads when measuring
 * @param goals             the goals applied
 * @param reference         the primary model's float32 figures everything is compared with
 * @param variants          every variant measured, in the order built
 * @param fallbacks         what the accuracy fallback did, one entry per repaired variant
 * @param notes             anything left out of the run, and why
 */
public record OptimizationReport(String apiVersion, Outcome outcome, String message, String selected, String reason,
                                 Artifact artifact, String executionProvider, int threads, Goals goals,
                                 Reference reference, List<VariantReport> variants, List<FallbackReport> fallbacks,
                                 List<String> notes) {

    public static final String API_VERSION = "kiln.dev/optimization-report/v1";

    /**
     * @param model      the primary model's name
     * @param accuracy   its float32 top-1 accuracy; null without labels
     * @param validation where the validation samples came from
     * @param samples    how many samples accuracy and agreement are computed on
     */
    public record Reference(String model, Double accuracy, String validation, int samples) {
    }

    /**
     * @param variant     the variant that missed the accuracy goal
     * @param result      the variant the fallback produced, or null when no trial did better
     * @param met         whether the result meets the accuracy goal
     * @param trials      trials spent
     * @param sensitivity node groups, most sensitive first, with the error when only they were kept in float
     */
    public record FallbackReport(String variant, String result, boolean met, int trials,
                                 List<SensitivityEntry> sensitivity) {
    }

    public record SensitivityEntry(List<String> nodes, double meanAbsDiff, double accuracyDrop) {
    }

    public OptimizationSummary toSummary() {
        return new OptimizationSummary(OptimizationSummary.API_VERSION, outcome, message, selected, reason, artifact,
                variants.stream().map(VariantReport::toSummary).toList(), null);
    }

    public void write(Path file) throws IOException {
        try {
            Files.writeString(file, Contracts.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write " + file + ": " + e.getOriginalMessage(), e);
        }
    }

    public static OptimizationReport read(Path file) throws IOException {
        return Contracts.mapper().readValue(file.toFile(), OptimizationReport.class);
    }
}
