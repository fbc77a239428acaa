package dev.kiln.operator.status;

import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/** The condition that best explains the current phase: a stall first, then ongoing work, then readiness. */
public final class PhaseExplanation {

    private PhaseExplanation() {
    }

    public static Condition of(List<Condition> conditions) {
        return Conditions.find(conditions, ConditionTypes.STALLED).filter(c -> "True".equals(c.getStatus()))
                .or(() -> Conditions.find(conditions, ConditionTypes.RECONCILING).filter(c -> "True".equals(c.getStatus())))
                .or(() -> Conditions.find(conditions, ConditionTypes.READY))
                .orElseThrow(() -> new IllegalArgumentException("status has no Ready condition"));
    }
}
