package dev.kiln.operator.rollout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s, 30000", "5m, 300000", "1h30m, 5400000", "500ms, 500", "1.5s, 1500", "2m30s, 150000",
            "0s, 0"})
    void parsesGoDurations(String text, long millis) {
        assertThat(Durations.parse(text, "f").toMillis()).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "5 m", "1d", "-1s", "s"})
    void rejectsOthersNamingTheField(String text) {
        assertThatThrownBy(() -> Durations.parse(text, "spec.rollout.analysis.interval"))
                .hasMessageStartingWith("spec.rollout.analysis.interval: '" + text + "' is not a duration");
    }
}
