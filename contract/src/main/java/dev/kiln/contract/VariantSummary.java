package dev.kiln.contract;

import java.util.List;

/**
 * One measured variant, as the operator shows it in status.
 *
 * @param name       unique variant name, e.g. {@code primary/int8-static-minmax}
 * @param candidate  the model it was made from ({@link ModelSource#name()})
 * @param passes     the passes applied, in order
 * @param sizeBytes  artifact size
 * @param latencyMillis batch-1 latency on the measuring node
 * @param accuracy   top-1 accuracy on the labelled validation set; null without labels
 * @param agreement  top-1 agreement with the primary model's float32 outputs
 * @param meetsGoals whether every goal is met
 * @param missed     one line per goal missed, with by how much
 */
public record VariantSummary(String name, String candidate, List<String> passes, long sizeBytes,
                             LatencyMillis latencyMillis, Double accuracy, Double agreement,
                             boolean meetsGoals, List<String> missed) {
}
