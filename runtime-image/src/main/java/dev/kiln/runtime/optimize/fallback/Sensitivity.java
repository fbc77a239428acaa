package dev.kiln.runtime.optimize.fallback;

import java.util.List;

/**
 * How much keeping some nodes in float helps: the output error with only these nodes kept in float.
 *
 * @param nodes        the nodes kept in float for the trial
 * @param meanAbsDiff  output error of the trial; lower than the fully quantized error means sensitive nodes
 * @param accuracyDrop accuracy drop of the trial
 */
public record Sensitivity(List<String> nodes, double meanAbsDiff, double accuracyDrop) {
}
