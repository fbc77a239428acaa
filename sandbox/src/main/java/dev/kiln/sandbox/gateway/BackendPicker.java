package dev.kiln.sandbox.gateway;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Picks one endpoint for a request: a pool by weight (as a Gateway API implementation splits between
 * backendRefs), then one of its ready endpoints uniformly. A pool picked with no ready endpoint gives
 * nothing, as a gateway answers 503 for a backend without endpoints rather than moving its share elsewhere.
 */
final class BackendPicker {

    private BackendPicker() {
    }

    /** @return the endpoint, or empty with {@code noEndpointIn} set to the picked pool */
    static Optional<Route.Endpoint> pick(List<Route.Pool> pools, RandomGenerator random, String[] noEndpointIn) {
        int total = pools.stream().mapToInt(p -> Math.max(0, p.weight())).sum();
        if (total == 0) {
            noEndpointIn[0] = pools.isEmpty() ? "(no backend)" : pools.get(0).service() + " (every weight is 0)";
            return Optional.empty();
        }
        int ticket = random.nextInt(total);
        for (Route.Pool pool : pools) {
            ticket -= Math.max(0, pool.weight());
            if (ticket < 0) {
                if (pool.endpoints().isEmpty()) {
                    noEndpointIn[0] = pool.service();
                    return Optional.empty();
                }
                return Optional.of(pool.endpoints().get(random.nextInt(pool.endpoints().size())));
            }
        }
        throw new IllegalStateException("weights changed while picking");
    }
}
