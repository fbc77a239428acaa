package dev.kiln.operator.api;

/** Where the rollout of status.rollout.canaryRevision stands. */
public enum RolloutPhase {
    /** Walking the steps. */
    Progressing,
    /** Held: by spec.rollout.paused, or at a pause step without a duration until kiln.dev/promote. */
    Paused,
    /** The canary became stable. */
    Promoted,
    /** Traffic went back to stable after a failed analysis, an abort or a missed progress deadline. */
    RolledBack,
    /** The spec moved on to another revision before this one finished. */
    Superseded
}
