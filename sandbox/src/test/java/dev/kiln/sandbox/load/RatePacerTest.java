package dev.kiln.sandbox.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RatePacerTest {

    @Test
    void requestsAreDueEvenlyFromTheStart() {
        RatePacer pacer = new RatePacer(1_000, 4);
        assertThat(pacer.dueAt(0)).isEqualTo(1_000);
        assertThat(pacer.dueAt(1)).isEqualTo(1_000 + 250_000_000L);
        assertThat(pacer.dueAt(4)).isEqualTo(1_000 + 1_000_000_000L);
    }

    @Test
    void aFractionalRateKeepsItsAverage() {
        RatePacer pacer = new RatePacer(0, 3);
        // 1/3 s apart, rounded to the nanosecond without drifting
        assertThat(pacer.dueAt(3)).isEqualTo(1_000_000_000L);
        assertThat(pacer.dueAt(300)).isEqualTo(100_000_000_000L);
    }

    @ParameterizedTest(name = "{0}/s for {1} ms sends {2}")
    @CsvSource({"10, 1000, 10", "10, 1001, 11", "10, 999, 10", "3, 1000, 3", "0.5, 4000, 2", "50, 30000, 1500", "10, 0, 0"})
    void aRunOfDurationDSendsRateTimesD(double rate, long millis, long expected) {
        RatePacer pacer = new RatePacer(5_000, rate);
        assertThat(pacer.countBefore(5_000 + millis * 1_000_000L)).isEqualTo(expected);
    }

    @Test
    void aRateThatIsNotPositiveIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> new RatePacer(0, 0)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new RatePacer(0, -2)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> new RatePacer(0, Double.NaN)).hasMessageContaining("--rate");
    }
}
