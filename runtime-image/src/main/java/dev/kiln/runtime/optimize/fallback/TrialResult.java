package dev.kiln.runtime.optimize.fallback;

import java.nio.file.Path;
import java.util.Set;

/**
 * One build of a quantized pipeline with some nodes kept in float, scored on the validation set.
 *
 * @param keepInFloat  the nodes left in float32
 * @param file         the model file built
 * @param accuracyDrop drop against the primary model in float32
 * @param meanAbsDiff  mean absolute output difference from the primary model's float32 outputs
 */
public record TrialResult(Set<String> keepInFloat, Path file, double accuracyDrop, double meanAbsDiff) {
}
