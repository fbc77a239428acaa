package dev.kiln.operator.rollout;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficSplitTest {

    @ParameterizedTest(name = "weight {0} of {1} replicas -> canary {2}, stable {3}, achieved {4}%")
    @CsvSource({
            // weight, total, canary, stable, achieved percent
            "0,   4, 0, 4, 0",
            "10,  4, 1, 3, 25",
            "25,  4, 1, 3, 25",
            "50,  4, 2, 2, 50",
            "90,  4, 3, 1, 75",
            "100, 4, 4, 0, 100",
            "10, 10, 1, 9, 10",
            "33, 10, 3, 7, 30",
            "35, 10, 4, 6, 40",
            "1,  10, 1, 9, 10",
            "99, 10, 9, 1, 90",
            "10,  1, 1, 1, 50",
            "100, 1, 1, 0, 100",
            "0,   1, 0, 1, 0",
            "50,  3, 2, 1, 67",
    })
    void replicaSplitApproximatesTheWeightWithTheSpecsReplicas(int weight, int total, int canary, int stable,
                                                                int achieved) {
        ReplicaSplit split = ReplicaSplit.of(weight, total);
        assertThat(split).isEqualTo(new ReplicaSplit(canary, stable));
        assertThat(split.achievedWeight()).isEqualTo(achieved);
    }

    @Test
    void achievedWeightFromReadyPods() {
        assertThat(ReplicaSplit.achievedWeight(1, 3)).isEqualTo(25);
        assertThat(ReplicaSplit.achievedWeight(0, 0)).isZero();
    }

    @ParameterizedTest(name = "{0} Ready canary pods of {1} replicas carry up to {2}%")
    @CsvSource({
            // ready canary pods, total, highest weight they carry
            "0, 4, 0",
            "1, 4, 37",   // 38% of 4 rounds to 2 canary replicas
            "2, 4, 62",
            "3, 4, 99",
            "4, 4, 100",
            "1, 3, 49",
            "2, 3, 99",   // a split never gives the canary all pods below 100%
            "1, 1, 100",
            "5, 4, 100",
    })
    void carriedWeightIsTheHighestWeightWhoseSplitTheReadyPodsCover(int ready, int total, int carried) {
        assertThat(ReplicaSplit.carriedWeight(ready, total)).isEqualTo(carried);
        if (carried > 0) {
            assertThat(ReplicaSplit.of(carried, total).canaryReplicas()).isLessThanOrEqualTo(ready);
        }
        if (carried < 100) {
            assertThat(ReplicaSplit.of(carried + 1, total).canaryReplicas()).isGreaterThan(ready);
        }
    }

    @Test
    void replicaSplitRejectsImpossibleInput() {
        assertThatThrownBy(() -> ReplicaSplit.of(101, 4)).hasMessageContaining("0..100");
        assertThatThrownBy(() -> ReplicaSplit.of(10, 0)).hasMessageContaining("spec.serving.replicas");
    }

    @ParameterizedTest
    @CsvSource({"0, 100, 0", "10, 90, 10", "100, 0, 100"})
    void routeWeightsSplitBetweenTheTwoServices(int weight, int stable, int canary) {
        assertThat(RouteWeights.of("ocr", weight))
                .isEqualTo(new RouteWeights("ocr-stable", stable, "ocr-canary", canary));
    }

    static Condition accepted(String status, Long generation) {
        return new ConditionBuilder().withType("Accepted").withStatus(status).withObservedGeneration(generation)
                .withReason("Accepted").build();
    }

    @Test
    void routeWeightsCountOnlyOnceEveryParentAcceptedThisGeneration() {
        Condition ok = accepted("True", 3L);
        Condition stale = accepted("True", 2L);
        Condition refused = accepted("False", 3L);
        Condition resolved = new ConditionBuilder().withType("ResolvedRefs").withStatus("True")
                .withObservedGeneration(3L).build();

        assertThat(RouteAcceptance.accepted(3, List.of(List.of(resolved, ok)), 1)).isTrue();
        assertThat(RouteAcceptance.accepted(3, List.of(List.of(ok), List.of(ok)), 2)).isTrue();
        assertThat(RouteAcceptance.accepted(3, List.of(List.of(stale)), 1)).isFalse();
        assertThat(RouteAcceptance.accepted(3, List.of(List.of(refused)), 1)).isFalse();
        assertThat(RouteAcceptance.accepted(3, List.of(List.of(ok), List.of(resolved)), 2)).isFalse();
        assertThat(RouteAcceptance.accepted(3, List.of(List.of(ok)), 2)).as("one parent has not answered").isFalse();
        assertThat(RouteAcceptance.accepted(3, List.of(), 0)).isFalse();
    }
}
