package dev.kiln.operator.status;

/** Condition types and reasons Kiln writes; reasons are CamelCase, as Kubernetes asks. */
public final class ConditionTypes {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    public static final String OPTIMIZED = "Optimized";

    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String OPTIMIZATION_FAILED = "OptimizationFailed";
    public static final String GOALS_NOT_MET = "GoalsNotMet";
    public static final String MODEL_UNAVAILABLE = "ModelUnavailable";

    private ConditionTypes() {
    }
}
