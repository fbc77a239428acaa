package dev.kiln.sandbox.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLengthTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H", " 45s , PT45S"})
    void readsAWholeNumberWithAUnit(String text, Duration expected) {
        assertThat(RunLength.parse("--duration", text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "1.5s", "PT30S", "-3s", "0s", "s", "3 days"})
    void anythingElseIsRefusedNamingTheOptionAndTheForm(String text) {
        assertThatThrownBy(() -> RunLength.parse("--duration", text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--duration").hasMessageContaining("'" + text + "'");
    }
}
