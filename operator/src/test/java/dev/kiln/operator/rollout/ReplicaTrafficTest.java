package dev.kiln.operator.rollout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaTrafficTest {

    @ParameterizedTest(name = "desired {0} canary {1} of {2} -> canary {3}, stable {4}, selects canary {5}")
    @CsvSource({
            // desired, canary weight, total replicas, canary replicas, stable replicas, Service selects canary
            "10,  0,  4, 1, 4, false",   // canary starting: full stable, no users on the canary
            "10, 10,  4, 1, 3, true",
            "0,   0,  4, 1, 4, false",   // mirror or analysis at weight 0: one canary pod, no users
            "50,  0,  4, 2, 4, false",
            "50, 50,  4, 2, 2, true",
            "100, 100, 4, 4, 0, true",
            "10, 10,  1, 1, 1, true",
            "30, 30, 10, 3, 7, true",
    })
    void podsAndSelector(int desired, int weight, int total, int canary, int stable, boolean selects) {
        assertThat(ReplicaTraffic.of(desired, weight, total)).isEqualTo(new ReplicaTraffic(canary, stable, selects));
    }

    @ParameterizedTest(name = "ready canary {0} stable {1} selector {2} -> applied {3}")
    @CsvSource({
            // for desired 50, weight 50, total 4: canary 2, stable 2, selects canary
            "2, 2, true,  true",
            "1, 2, true,  false",   // canary pod not Ready yet
            "2, 3, true,  false",   // stable still has its third pod
            "2, 1, true,  true",    // a stable pod down: the canary's share is not below plan
            "2, 2, false, false",   // Service not switched yet
    })
    void appliedOnceTheSplitIsInEffect(int readyCanary, int readyStable, boolean selector, boolean applied) {
        assertThat(ReplicaTraffic.of(50, 50, 4).applied(readyCanary, readyStable, selector)).isEqualTo(applied);
    }

    @Test
    void achievedWeightCountsReadyPodsBehindTheService() {
        assertThat(ReplicaTraffic.achievedWeight(1, 3, true)).isEqualTo(25);
        assertThat(ReplicaTraffic.achievedWeight(1, 3, false)).isZero();
    }
}
