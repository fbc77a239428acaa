package dev.kiln.operator.api;

/** The one-word summary of a ModelDeployment, derived from its conditions and rollout state by one function. */
public enum Phase {
    Pending, Optimizing, Deploying, Progressing, Paused, Healthy, Degraded, Failed
}
