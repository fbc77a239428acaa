package dev.kiln.sandbox.apiserver;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HumanDurationTest {

    @ParameterizedTest(name = "{0}s -> {1}")
    @CsvSource({"-5,0s", "0,0s", "45,45s", "119,119s", "120,2m", "192,3m12s", "1020,17m", "10800,3h", "18180,5h3m",
            "86400,24h", "187200,2d4h", "3456000,40d", "94608000,3y"})
    void formatsLikeKubectl(long seconds, String expected) {
        assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}
