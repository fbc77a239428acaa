package dev.kiln.operator.rollout;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

import java.util.List;
import java.util.Optional;

/**
 * The two backendRefs of the HTTPRoute Kiln owns: the {@code <name>-stable} and {@code <name>-canary}
 * Services, weighted so the canary gets its percent.
 */
public record RouteWeights(String stableService, int stableWeight, String canaryService, int canaryWeight) {

    public static final String STABLE_SUFFIX = "-stable";
    public static final String CANARY_SUFFIX = "-canary";

    public static RouteWeights of(String deploymentName, int canaryWeight) {
        return of(deploymentName + STABLE_SUFFIX, deploymentName + CANARY_SUFFIX, canaryWeight);
    }

    public static RouteWeights of(String stableService, String canaryService, int canaryWeight) {
        if (canaryWeight < 0 || canaryWeight > 100) {
            throw new IllegalArgumentException("canary weight must be 0..100, was " + canaryWeight);
        }
        return new RouteWeights(stableService, 100 - canaryWeight, canaryService, canaryWeight);
    }

    /**
     * The weights a live route carries: its one rule's two backendRefs, stable first as Kiln writes them; empty
     * when the route has another shape (edited by hand, say), which then never counts as applied.
     */
    public static Optional<RouteWeights> of(HTTPRoute route) {
        if (route.getSpec() == null || route.getSpec().getRules() == null || route.getSpec().getRules().size() != 1) {
            return Optional.empty();
        }
        List<HTTPBackendRef> refs = route.getSpec().getRules().get(0).getBackendRefs();
        if (refs == null || refs.size() != 2) {
            return Optional.empty();
        }
        HTTPBackendRef stable = refs.get(0);
        HTTPBackendRef canary = refs.get(1);
        return Optional.of(new RouteWeights(stable.getName(), weight(stable), canary.getName(), weight(canary)));
    }

    /** A backendRef without a weight has weight 1, as the Gateway API defines. */
    private static int weight(HTTPBackendRef ref) {
        return ref.getWeight() == null ? 1 : ref.getWeight();
    }
}
