package dev.kiln.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/**
 * Whether the gateways took the route as it is now: a weight counts as applied only once every parent's
 * status says Accepted=True for the route's current generation.
 */
public final class RouteAcceptance {

    private RouteAcceptance() {
    }

    /**
     * @param routeGeneration  metadata.generation of the HTTPRoute
     * @param parentConditions status.parents[].conditions, one list per parent
     * @param expectedParents  how many parents the route names
     */
    public static boolean accepted(long routeGeneration, List<List<Condition>> parentConditions, int expectedParents) {
        if (parentConditions.size() < expectedParents || expectedParents == 0) {
            return false;
        }
        for (List<Condition> conditions : parentConditions) {
            boolean ok = conditions.stream().anyMatch(c -> "Accepted".equals(c.getType())
                    && "True".equals(c.getStatus())
                    && c.getObservedGeneration() != null && c.getObservedGeneration() == routeGeneration);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
