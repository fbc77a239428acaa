package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.MetricResult;

/** Something the reconciler does because of a rollout decision. */
public sealed interface RolloutAction {

    /** Route this percent of traffic to the canary (HTTPRoute weights, or replica split). */
    record SetCanaryWeight(int weight) implements RolloutAction {
    }

    /** Have stable pods mirror this fraction of their requests to the canary and compare answers. */
    record StartMirror(double fraction) implements RolloutAction {
    }

    record StopMirror() implements RolloutAction {
    }

    /** The canary becomes stable (status.stableRevision); previousStable is scaled down later. */
    record Promote(String revision, String previousStable) implements RolloutAction {
    }

    /** Traffic is back on stable; Stalled=True, reason RolledBack, with this message; an Event says why. */
    record RollBack(String revision, String reason, String message) implements RolloutAction {
    }

    /** Remove a kiln.dev/* annotation Kiln has acted on. */
    record ClearAnnotation(String key) implements RolloutAction {
    }

    /** An annotation that does not apply now; it is cleared and a Normal event says why. */
    record IgnoreAnnotation(String key, String why) implements RolloutAction {
    }

    /** Scale this revision's Deployment to zero. */
    record ScaleDown(String revision) implements RolloutAction {
    }

    /** A failed measurement, for a Warning event. */
    record ReportFailedMeasurement(MetricResult result) implements RolloutAction {
    }
}
