package dev.kiln.operator.analysis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeBaselinesTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(30);

    static List<PodScrape> round(Instant at) {
        return List.of(new PodScrape("p", at, List.of()));
    }

    @Test
    void measuresOnlyAgainstABaselineAtLeastOneIntervalOld() {
        ScrapeBaselines baselines = new ScrapeBaselines();

        assertThat(baselines.advance("ns/md", round(T0), T0, INTERVAL)).as("first round sets the baseline").isEmpty();
        assertThat(baselines.windowCompleteAt("ns/md", INTERVAL)).contains(T0.plusSeconds(30));
        assertThat(baselines.advance("ns/md", round(T0.plusSeconds(10)), T0.plusSeconds(10), INTERVAL))
                .as("too young: the baseline is kept").isEmpty();
        assertThat(baselines.windowCompleteAt("ns/md", INTERVAL)).contains(T0.plusSeconds(30));
        assertThat(baselines.advance("ns/md", round(T0.plusSeconds(30)), T0.plusSeconds(30), INTERVAL))
                .contains(round(T0));
        assertThat(baselines.advance("ns/md", round(T0.plusSeconds(65)), T0.plusSeconds(65), INTERVAL))
                .contains(round(T0.plusSeconds(30)));
        assertThat(baselines.advance("ns/other", round(T0.plusSeconds(65)), T0.plusSeconds(65), INTERVAL)).isEmpty();

        baselines.forget("ns/md");
        assertThat(baselines.windowCompleteAt("ns/md", INTERVAL)).isEmpty();
        assertThat(baselines.advance("ns/md", round(T0.plusSeconds(100)), T0.plusSeconds(100), INTERVAL)).isEmpty();
    }
}
