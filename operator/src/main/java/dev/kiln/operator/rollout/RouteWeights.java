package dev.kiln.operator.rollout;

/**
 * The two backendRefs of the HTTPRoute Kiln owns: the {@code <name>-stable} and {@code <name>-canary}
 * Services, weighted so the canary gets its percent.
 */
public record RouteWeights(String stableService, int stableWeight, String canaryService, int canaryWeight) {

    public static final String STABLE_SUFFIX = "-stable";
    public static final String CANARY_SUFFIX = "-canary";

    public static RouteWeights of(String deploymentName, int canaryWeight) {
        if (canaryWeight < 0 || canaryWeight > 100) {
            throw new IllegalArgumentException("canary weight must be 0..100, was " + canaryWeight);
        }
        return new RouteWeights(deploymentName + STABLE_SUFFIX, 100 - canaryWeight,
                deploymentName + CANARY_SUFFIX, canaryWeight);
    }
}
