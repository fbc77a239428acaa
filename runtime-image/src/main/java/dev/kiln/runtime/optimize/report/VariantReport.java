package dev.kiln.runtime.optimize.report;

import dev.kiln.contract.LatencyMillis;
import dev.kiln.contract.VariantSummary;

import java.util.List;

/**
 * One variant as {@code report.json} lists it: what it is, every measurement, and how it fares against the
 * goals. A variant that could not be built or run has {@code error} set and no measurements.
 *
 * @param name                unique name, {@code <model>/<pipeline>}
 * @param candidate           the model it was made from
 * @param passes              pass labels in order
 * @param keptInFloat         nodes the accuracy fallback left in float32
 * @param fallbackOf          for a fallback variant, the variant it repairs
 * @param sizeBytes           artifact size as stored (compressed when the artifact is)
 * @param sha256              digest of the artifact as stored
 * @param latencyMillis       batch-1 latency percentiles
 * @param throughputPerSecond batch-1 runs per second
 * @param accuracy            top-1 accuracy against labels; null without labels
 * @param agreement           top-1 agreement with the primary model's float32 outputs
 * @param meanAbsDiff         mean absolute output difference from the primary model's float32 outputs
 * @param accuracyDrop        drop against the primary model in float32 (accuracy, or 1 - agreement without labels)
 * @param meetsGoals          whether every goal is met
 * @param missed              one line per goal missed, with by how much
 * @param error               why the variant could not be built or measured
 * @param uncompressedSizeBytes the .onnx file's size; equals {@code sizeBytes} unless the artifact is compressed
 */
public record VariantReport(String name, String candidate, List<String> passes, List<String> keptInFloat,
                            String fallbackOf, long sizeBytes, String sha256, LatencyMillis latencyMillis,
                            Double throughputPerSecond, Double accuracy, Double agreement, Double meanAbsDiff,
                            Double accuracyDrop, boolean meetsGoals, List<String> missed, String error,
                            Long uncompressedSizeBytes) {

    public static VariantReport failed(String name, String candidate, List<String> passes, List<String> keptInFloat,
                                       String fallbackOf, String error) {
        return new VariantReport(name, candidate, passes, keptInFloat, fallbackOf, 0, null, null, null, null, null, null,
                null, false, List.of("failed: " + error), error, null);
    }

    public boolean measured() {
        return error == null;
    }

    public VariantReport withGoals(boolean meets, List<String> missedLines) {
        return new VariantReport(name, candidate, passes, keptInFloat, fallbackOf, sizeBytes, sha256, latencyMillis,
                throughputPerSecond, accuracy, agreement, meanAbsDiff, accuracyDrop, meets, missedLines, error,
                uncompressedSizeBytes);
    }

    public VariantSummary toSummary() {
        return new VariantSummary(name, candidate, passes, sizeBytes, latencyMillis, accuracy, agreement, meetsGoals,
                missed);
    }
}
