package dev.kiln.runtime.optimize.fallback;

import java.util.List;

/**
 * What the accuracy fallback found.
 *
 * @param best     the best trial: the fewest float nodes among those meeting the accuracy goal, otherwise the
 *                 smallest accuracy drop; null when no trial could be built
 * @param met      whether {@code best} meets the accuracy goal
 * @param trials   trials spent
 * @param ranking  node groups from most to least sensitive
 */
public record FallbackResult(TrialResult best, boolean met, int trials, List<Sensitivity> ranking) {
}
