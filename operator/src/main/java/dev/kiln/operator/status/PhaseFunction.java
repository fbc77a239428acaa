package dev.kiln.operator.status;

import dev.kiln.operator.api.Phase;

/** The one place a phase is computed, from facts the status aggregator gathers. */
public final class PhaseFunction {

    /**
     * @param stalled         a condition only a spec change fixes: invalid spec or a failed optimization
     * @param serving         the stable revision has at least one ready pod
     * @param optimizing      the wanted revision's optimization Job is running or about to be created
     * @param takeoverPending the wanted revision's Deployment runs beside a different stable one, not yet ready
     * @param stableIsWanted  the stable revision is the wanted one
     * @param stableReady     the stable Deployment has all desired replicas ready
     * @param wasReady        the previous status said Ready=True
     */
    public record Facts(boolean stalled, boolean serving, boolean optimizing, boolean takeoverPending,
                        boolean stableIsWanted, boolean stableReady, boolean wasReady) {
    }

    private PhaseFunction() {
    }

    public static Phase phase(Facts facts) {
        if (facts.stalled()) {
            return facts.serving() ? Phase.Degraded : Phase.Failed;
        }
        if (facts.optimizing()) {
            return Phase.Optimizing;
        }
        if (facts.takeoverPending()) {
            return Phase.Progressing;
        }
        if (facts.stableIsWanted()) {
            if (facts.stableReady()) {
                return Phase.Healthy;
            }
            return facts.wasReady() ? Phase.Degraded : Phase.Deploying;
        }
        return Phase.Pending;
    }
}
