package dev.kiln.operator.rollout;

import dev.kiln.operator.Fixtures;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RouteStateTest {

    static final RouteWeights TEN = RouteWeights.of("md-stable", "md-canary", 10);

    static HTTPRoute route(int canaryWeight, String accepted, Long observedGeneration) {
        return Fixtures.route("md", canaryWeight, accepted, observedGeneration);
    }

    @Test
    void appliedOnlyWithTheWantedWeightsAcceptedForTheCurrentGeneration() {
        assertThat(RouteState.of(Optional.of(route(10, "True", 4L)), TEN)).isEqualTo(new RouteState(true, 10));
        assertThat(RouteState.of(Optional.of(route(10, "True", 3L)), TEN))
                .as("accepted for an older generation").isEqualTo(new RouteState(false, null));
        assertThat(RouteState.of(Optional.of(route(10, "False", 4L)), TEN)).isEqualTo(new RouteState(false, null));
        assertThat(RouteState.of(Optional.of(route(10, null, null)), TEN))
                .as("no gateway answered").isEqualTo(new RouteState(false, null));
        assertThat(RouteState.of(Optional.of(route(0, "True", 4L)), TEN))
                .as("accepted, but still at the old weight").isEqualTo(new RouteState(false, 0));
        assertThat(RouteState.of(Optional.empty(), TEN)).isEqualTo(new RouteState(false, null));
    }

    @Test
    void aRouteOfAnotherShapeHasNoKilnWeights() {
        HTTPRoute edited = route(10, "True", 4L);
        edited.getSpec().getRules().get(0).getBackendRefs().remove(1);
        assertThat(RouteWeights.of(edited)).isEmpty();
        assertThat(RouteState.of(Optional.of(edited), TEN).applied()).isFalse();
        HTTPRoute unweighted = route(10, "True", 4L);
        unweighted.getSpec().getRules().get(0).getBackendRefs().get(1).setWeight(null);
        assertThat(RouteWeights.of(unweighted)).hasValueSatisfying(w -> assertThat(w.canaryWeight())
                .as("the Gateway API's default weight").isEqualTo(1));
    }
}
