package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * The Placed condition of a ModelDeployment: True when the current revision's pods have room on their
 * accelerator class; False with reason InsufficientAccelerators (needed vs free per class) or
 * InvalidAccelerator (the class named cannot be used).
 */
public final class PlacementConditions {

    public static final String TYPE = "Placed";
    public static final String PLACED = "Placed";

    private PlacementConditions() {
    }

    /** The condition for a verdict; transition times are left to the status aggregator. */
    public static Condition of(PlacementVerdict verdict) {
        if (verdict instanceof PlacementVerdict.Place place) {
            return place.shortage()
                    .map(message -> condition(false, PlacementDecision.INSUFFICIENT_ACCELERATORS,
                            "pods created and Pending until capacity appears (capacityPolicy Wait); " + message))
                    .orElseGet(() -> condition(true, PLACED, place.status().reason));
        }
        if (verdict instanceof PlacementVerdict.Hold hold) {
            return condition(false, PlacementDecision.INSUFFICIENT_ACCELERATORS,
                    "nothing created until capacity appears (capacityPolicy Hold); " + hold.shortage());
        }
        return condition(false, PlacementDecision.INVALID_ACCELERATOR, ((PlacementVerdict.Invalid) verdict).message());
    }

    private static Condition condition(boolean status, String reason, String message) {
        return new ConditionBuilder().withType(TYPE).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).build();
    }
}
