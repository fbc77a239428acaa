package dev.kiln.runtime.optimize.select;

import dev.kiln.runtime.optimize.report.VariantReport;

/**
 * The outcome of selection.
 *
 * @param selected  the chosen variant; null only when no variant could be measured at all
 * @param goalsMet  whether it meets every goal (false: best effort)
 * @param reason    why it was chosen, for people
 */
public record Selection(VariantReport selected, boolean goalsMet, String reason) {
}
