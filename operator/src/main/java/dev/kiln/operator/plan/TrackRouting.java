package dev.kiln.operator.plan;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the per-track Services and Kiln's HTTPRoute send traffic after a decision.
 *
 * @param stableService      the revision {@code <name>-stable} selects; empty when that Service is not wanted
 * @param canaryService      the revision {@code <name>-canary} selects; empty when that Service is not wanted
 * @param routeCanaryWeight  the HTTPRoute's canary weight (the stable backend gets the rest); empty when Kiln
 *                           owns no HTTPRoute (replicas traffic)
 */
public record TrackRouting(Optional<String> stableService, Optional<String> canaryService,
                           OptionalInt routeCanaryWeight) {

    /** No per-track Service and no HTTPRoute: an invalid spec, or nothing serving yet in replicas mode. */
    public static final TrackRouting NONE = new TrackRouting(Optional.empty(), Optional.empty(), OptionalInt.empty());
}
