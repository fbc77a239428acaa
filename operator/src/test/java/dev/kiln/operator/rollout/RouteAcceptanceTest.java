package dev.kiln.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A weight is in effect once every parent accepted the current generation and none failed to resolve a backend. */
class RouteAcceptanceTest {

    static final long GENERATION = 7;

    static Condition condition(String type, String status, long generation) {
        return new ConditionBuilder().withType(type).withStatus(status).withObservedGeneration(generation).build();
    }

    static Condition accepted(long generation) {
        return condition("Accepted", "True", generation);
    }

    static Condition resolved(String status, long generation) {
        return condition("ResolvedRefs", status, generation);
    }

    static Stream<Arguments> parents() {
        return Stream.of(
                Arguments.of("accepted, ResolvedRefs not written", List.of(List.of(accepted(GENERATION))), 1, true),
                Arguments.of("accepted and resolved", List.of(List.of(accepted(GENERATION), resolved("True", GENERATION))), 1, true),
                Arguments.of("accepted, a backend not found", List.of(List.of(accepted(GENERATION), resolved("False", GENERATION))), 1, false),
                Arguments.of("accepted; unresolved only for an older generation",
                        List.of(List.of(accepted(GENERATION), resolved("False", GENERATION - 1))), 1, true),
                Arguments.of("one of two parents cannot resolve", List.of(List.of(accepted(GENERATION)),
                        List.of(accepted(GENERATION), resolved("False", GENERATION))), 2, false),
                Arguments.of("accepted for an older generation", List.of(List.of(accepted(GENERATION - 1))), 1, false),
                Arguments.of("refused", List.of(List.of(condition("Accepted", "False", GENERATION))), 1, false),
                Arguments.of("a parent has not answered", List.of(List.of(accepted(GENERATION))), 2, false),
                Arguments.of("a route without parents", List.<List<Condition>>of(), 0, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parents")
    void weightCountsOnlyWhenEveryParentTookIt(String situation, List<List<Condition>> parents, int expected,
                                               boolean inEffect) {
        assertThat(RouteAcceptance.accepted(GENERATION, parents, expected)).as(situation).isEqualTo(inEffect);
    }
}
