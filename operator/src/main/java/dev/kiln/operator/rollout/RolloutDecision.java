package dev.kiln.operator.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The planner's answer: the state to write to status.rollout, what to do now, and when to look again if nothing
 * else triggers a reconcile (a pause ending, a measurement due, a deadline, a scale-down).
 */
public record RolloutDecision(RolloutState next, List<RolloutAction> actions, Optional<Duration> requeueAfter) {

    public RolloutDecision {
        actions = List.copyOf(actions);
    }
}
