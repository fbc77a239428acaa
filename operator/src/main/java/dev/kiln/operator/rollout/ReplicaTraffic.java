package dev.kiln.operator.rollout;

/**
 * The replicas traffic mode during an active rollout, as the reconciler applies it: how many pods each revision
 * runs, and whether the one Service selects the canary's pods too.
 *
 * <p>The canary runs the replicas its desired weight needs (at least one, for mirroring and analysis) before
 * it gets any traffic; the Service selects it only once its weight is above 0, so a canary that is not Ready
 * yet, or one mirrored to at weight 0, serves no users. Stable gives up pods only for weight the canary
 * actually has, so capacity is not lost while the canary starts.
 *
 * @param canaryReplicas       replicas of the canary Deployment
 * @param stableReplicas       replicas of the stable Deployment
 * @param serviceSelectsCanary the Service selects both revisions (else only stable)
 */
public record ReplicaTraffic(int canaryReplicas, int stableReplicas, boolean serviceSelectsCanary) {

    /**
     * @param desiredWeight what the current step asks for (status.rollout.desiredWeight)
     * @param canaryWeight  what the canary may have now (status.rollout.canaryWeight)
     * @param total         spec.serving.replicas
     */
    public static ReplicaTraffic of(int desiredWeight, int canaryWeight, int total) {
        int canary = Math.max(1, ReplicaSplit.of(desiredWeight, total).canaryReplicas());
        int stable = ReplicaSplit.of(canaryWeight, total).stableReplicas();
        return new ReplicaTraffic(canary, stable, canaryWeight > 0);
    }

    /** The split is in effect: the Service selects as planned, the canary pods are Ready, stable has shrunk. */
    public boolean applied(int readyCanary, int readyStable, boolean serviceSelectsCanaryNow) {
        return serviceSelectsCanaryNow == serviceSelectsCanary && readyCanary >= canaryReplicas
                && readyStable <= stableReplicas;
    }

    /** The canary's share of traffic now, in percent. */
    public static int achievedWeight(int readyCanary, int readyStable, boolean serviceSelectsCanaryNow) {
        return serviceSelectsCanaryNow ? ReplicaSplit.achievedWeight(readyCanary, readyStable) : 0;
    }
}
