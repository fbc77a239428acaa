package dev.kiln.operator.placement;

import dev.kiln.operator.api.PlacementStatus;

import java.util.List;

/** Where pods of a request go, or why they cannot. */
public sealed interface PlacementDecision {

    /** Condition reasons the status reports for the two failures. */
    String INSUFFICIENT_ACCELERATORS = "InsufficientAccelerators";
    String INVALID_ACCELERATOR = "InvalidAccelerator";

    /** The class fits the replicas. {@code seen}: every class measured, in preference order. */
    record Placed(AcceleratorProfile profile, String reason, List<ClassCapacity> seen) implements PlacementDecision {
        public Placed {
            seen = List.copyOf(seen);
        }

        public PlacementStatus status() {
            return PlacementDecision.status(profile, reason);
        }
    }

    /**
     * No class asked for has room. {@code fallback} is where the pods would go once capacity appears (the
     * class named, or for auto the most preferred class some node offers); a Wait policy creates them there.
     */
    record Insufficient(AcceleratorProfile fallback, int replicas, String message, List<ClassCapacity> seen)
            implements PlacementDecision {
        public Insufficient {
            seen = List.copyOf(seen);
        }

        public PlacementStatus status() {
            return PlacementDecision.status(fallback, message);
        }
    }

    /** The class asked for does not exist or names a resource no node offers; the message names the fix. */
    record InvalidClass(String accelerator, String message) implements PlacementDecision {
    }

    private static PlacementStatus status(AcceleratorProfile profile, String reason) {
        PlacementStatus status = new PlacementStatus();
        status.accelerator = profile.name();
        status.executionProvider = profile.executionProvider();
        status.reason = reason;
        return status;
    }
}
