package dev.kiln.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/**
 * Whether the gateways took the route as it is now: a weight counts as applied only once every parent's
 * status says Accepted=True for the route's current generation, and none says ResolvedRefs=False for it. A
 * gateway that cannot resolve a backend (its Service missing, a port wrong) answers that share of requests with
 * errors, so the weight is not in effect yet. A parent that writes no ResolvedRefs is taken at its Accepted.
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
            boolean accepted = conditions.stream().anyMatch(c -> is(c, "Accepted", "True", routeGeneration));
            boolean unresolved = conditions.stream().anyMatch(c -> is(c, "ResolvedRefs", "False", routeGeneration));
            if (!accepted || unresolved) {
                return false;
            }
        }
        return true;
    }

    private static boolean is(Condition condition, String type, String status, long routeGeneration) {
        return type.equals(condition.getType()) && status.equals(condition.getStatus())
                && condition.getObservedGeneration() != null && condition.getObservedGeneration() == routeGeneration;
    }
}
