package dev.kiln.operator.placement;

import dev.kiln.operator.api.PlacementStatus;
import dev.kiln.operator.api.ServingSpec.CapacityPolicy;

import java.util.Optional;

/**
 * What a placement decision lets the planner do with a revision, under spec.serving.capacityPolicy. Nothing
 * here touches the serving stable revision: a shortage or a bad class only holds back the new one.
 */
public sealed interface PlacementVerdict {

    /**
     * Create the revision's pods on {@code profile}. {@code shortage} is the InsufficientAccelerators message
     * when they do not all fit and the policy is Wait: the pods then stay Pending, where a cluster autoscaler
     * sees them, and schedule as capacity appears.
     */
    record Place(AcceleratorProfile profile, PlacementStatus status, Optional<String> shortage)
            implements PlacementVerdict {
    }

    /**
     * Capacity is short and the policy is Hold: create nothing that would wait for the class's nodes. The
     * optimization Job may still run when it runs on CPU anyway ({@link #jobMayRun()}).
     */
    record Hold(AcceleratorProfile profile, PlacementStatus status, String shortage) implements PlacementVerdict {
        public boolean jobMayRun() {
            return !profile.measureOnClass();
        }
    }

    /** The class cannot be used at all; the message names the class and the fix. */
    record Invalid(String accelerator, String message) implements PlacementVerdict {
    }

    private static PlacementVerdict of(PlacementDecision decision, CapacityPolicy policy) {
        if (decision instanceof PlacementDecision.Placed placed) {
            return new Place(placed.profile(), placed.status(), Optional.empty());
        }
        if (decision instanceof PlacementDecision.Insufficient shortOf) {
            return policy == CapacityPolicy.Hold
                    ? new Hold(shortOf.fallback(), shortOf.status(), shortOf.message())
                    : new Place(shortOf.fallback(), shortOf.status(), Optional.of(shortOf.message()));
        }
        PlacementDecision.InvalidClass invalid = (PlacementDecision.InvalidClass) decision;
        return new Invalid(invalid.accelerator(), invalid.message());
    }

    /** A null policy is the CRD's default, Wait. */
    public static PlacementVerdict decide(PlacementDecision decision, CapacityPolicy policy) {
        return of(decision, policy == null ? CapacityPolicy.Wait : policy);
    }
}
