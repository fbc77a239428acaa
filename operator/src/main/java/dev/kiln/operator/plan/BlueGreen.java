package dev.kiln.operator.plan;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * When a new revision takes over from the stable one: once its Deployment is fully ready, all at once. This
 * is the one place that decides a promotion; the canary walk (rollout steps and analysis) replaces it.
 */
public final class BlueGreen {

    private BlueGreen() {
    }

    public static boolean takesOver(Deployment candidate, int desiredReplicas) {
        return isFullyReady(candidate, desiredReplicas);
    }

    /** Ready replicas reach the desired count, for the Deployment's latest spec when the API reports it. */
    public static boolean isFullyReady(Deployment deployment, int desiredReplicas) {
        if (deployment == null) {
            return false;
        }
        var status = deployment.getStatus();
        int ready = status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
        Long generation = deployment.getMetadata().getGeneration();
        Long observed = status == null ? null : status.getObservedGeneration();
        boolean current = generation == null || observed == null || observed >= generation;
        return current && ready >= desiredReplicas;
    }
}
