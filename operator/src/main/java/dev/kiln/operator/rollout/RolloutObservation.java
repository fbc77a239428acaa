package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.MetricResult;

import java.util.List;
import java.util.Optional;

/**
 * What the reconciler sees for the rollout this round.
 *
 * @param stableRevision status.stableRevision; null before the first revision served
 * @param canaryRevision the revision ready to roll out (its optimization succeeded), or null for none
 * @param canaryReady    every canary pod the current weight needs is Ready
 * @param canaryReadyWeight the highest canary weight the Ready canary pods can carry (0 with none Ready), so a
 *                       canary scaling up for a higher weight keeps the share it already carries
 * @param trafficApplied the traffic layer shows status.rollout's canaryWeight and mirrorFraction in effect (the
 *                       HTTPRoute Accepted with those weights, or the replica split Ready)
 * @param achievedWeight canary share actually in effect, for status; null when unknown
 * @param measurement    one result per metric, when a measurement was due and taken this round
 */
public record RolloutObservation(
        String stableRevision,
        String canaryRevision,
        boolean canaryReady,
        int canaryReadyWeight,
        boolean trafficApplied,
        Integer achievedWeight,
        Optional<List<MetricResult>> measurement,
        ManualControl control) {

    /** Readiness as all or nothing: Ready pods carry any weight, or none. */
    public RolloutObservation(String stableRevision, String canaryRevision, boolean canaryReady, boolean trafficApplied,
                              Integer achievedWeight, Optional<List<MetricResult>> measurement, ManualControl control) {
        this(stableRevision, canaryRevision, canaryReady, canaryReady ? 100 : 0, trafficApplied, achievedWeight,
                measurement, control);
    }
}
