package dev.kiln.operator.rollout;

/**
 * Traffic by replica ratio: one Service selects both tracks, so the canary's share of Ready pods is its share
 * of traffic. The total stays at the spec's replicas while both tracks run, so a canary costs no extra pods;
 * only with a single replica does a canary add one (the only split one pod allows is 50%).
 */
public record ReplicaSplit(int canaryReplicas, int stableReplicas) {

    /**
     * @param weight percent the step asks for
     * @param total  replicas the spec asks for
     */
    public static ReplicaSplit of(int weight, int total) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("canary weight must be 0..100, was " + weight);
        }
        if (total < 1) {
            throw new IllegalArgumentException("spec.serving.replicas must be at least 1 for a canary, was " + total);
        }
        if (weight == 0) {
            return new ReplicaSplit(0, total);
        }
        if (weight == 100) {
            return new ReplicaSplit(total, 0);
        }
        if (total == 1) {
            return new ReplicaSplit(1, 1);
        }
        // Nearest share, but never all-or-nothing for a weight strictly between 0 and 100.
        int canary = (int) Math.round(total * weight / 100.0);
        canary = Math.max(1, Math.min(total - 1, canary));
        return new ReplicaSplit(canary, total - canary);
    }

    /** The canary's share of traffic in percent, rounded, once all these replicas are Ready. */
    public int achievedWeight() {
        int all = canaryReplicas + stableReplicas;
        return all == 0 ? 0 : (int) Math.round(100.0 * canaryReplicas / all);
    }

    /**
     * The highest weight {@code readyCanary} Ready canary pods can carry: the largest weight whose split needs no
     * more canary replicas than that. 0 with none Ready.
     */
    public static int carriedWeight(int readyCanary, int total) {
        if (readyCanary <= 0) {
            return 0;
        }
        for (int weight = 100; weight > 0; weight--) {
            if (of(weight, total).canaryReplicas() <= readyCanary) {
                return weight;
            }
        }
        return 0;
    }

    /** The canary's share of traffic in percent, rounded, from the pods Ready now. */
    public static int achievedWeight(int readyCanary, int readyStable) {
        int all = readyCanary + readyStable;
        return all == 0 ? 0 : (int) Math.round(100.0 * readyCanary / all);
    }
}
