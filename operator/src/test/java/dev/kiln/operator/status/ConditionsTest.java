package dev.kiln.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionsTest {

    static final Instant T1 = Instant.parse("2026-11-29T06:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-29T06:05:00Z");

    @Test
    void transitionTimeChangesOnlyWithTheStatus() {
        List<Condition> first = Conditions.merge(List.of(), List.of(
                Conditions.of("Ready", false, "NotServing", "no revision serves yet"),
                Conditions.of("Stalled", false, "AsExpected", "")), T1, 1);

        List<Condition> second = Conditions.merge(first, List.of(
                Conditions.of("Ready", true, "Serving", "2/2 ready"),
                Conditions.of("Stalled", false, "AsExpected", "a different message")), T2, 2);

        assertThat(Conditions.find(second, "Ready").orElseThrow().getLastTransitionTime()).isEqualTo(T2.toString());
        Condition stalled = Conditions.find(second, "Stalled").orElseThrow();
        assertThat(stalled.getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(stalled.getMessage()).isEqualTo("a different message");
        assertThat(stalled.getObservedGeneration()).isEqualTo(2L);
    }
}
