package dev.kiln.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;

import java.util.List;
import java.util.Optional;

/**
 * What the live HTTPRoute says about the weights Kiln asked for.
 *
 * @param applied        the route carries the wanted weights and every parent accepted its current generation
 * @param achievedWeight the canary weight in effect: the route's canary weight once accepted; null while no
 *                       gateway has accepted the route as it is
 */
public record RouteState(boolean applied, Integer achievedWeight) {

    public static RouteState of(Optional<HTTPRoute> live, RouteWeights wanted) {
        if (live.isEmpty()) {
            return new RouteState(false, null);
        }
        HTTPRoute route = live.get();
        long generation = route.getMetadata().getGeneration() == null ? 0 : route.getMetadata().getGeneration();
        int parents = route.getSpec() == null || route.getSpec().getParentRefs() == null
                ? 0 : route.getSpec().getParentRefs().size();
        List<List<Condition>> conditions = route.getStatus() == null || route.getStatus().getParents() == null
                ? List.of()
                : route.getStatus().getParents().stream().map(RouteState::conditions).toList();
        boolean accepted = RouteAcceptance.accepted(generation, conditions, parents);
        Optional<RouteWeights> weights = RouteWeights.of(route);
        return new RouteState(accepted && weights.equals(Optional.of(wanted)),
                accepted ? weights.map(RouteWeights::canaryWeight).orElse(null) : null);
    }

    private static List<Condition> conditions(RouteParentStatus parent) {
        return parent.getConditions() == null ? List.of() : parent.getConditions();
    }
}
