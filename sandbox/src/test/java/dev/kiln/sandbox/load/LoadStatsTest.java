package dev.kiln.sandbox.load;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoadStatsTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void countsLandInTheSecondTheyHappenedAndAddUpInTheTotal() {
        LoadStats stats = new LoadStats(10 * S);
        stats.sent(10 * S);
        stats.sent(10 * S + 900 * MS);
        stats.answered(10 * S + 5 * MS, 5 * MS, 0, true);
        stats.answered(11 * S + 10 * MS, 110 * MS, 1, false); // sent in second 0, finished in second 1
        stats.sent(12 * S);
        stats.failed(12 * S + 1 * MS, "HTTP 503", 1 * MS);
        stats.skipped(12 * S + 500 * MS);

        assertThat(stats.secondsSeen()).isEqualTo(3);
        LoadCounts first = stats.second(0);
        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.ok()).isEqualTo(1);
        assertThat(first.classes()).isEqualTo(Map.of(0, 1L));
        assertThat(stats.second(1).sent()).isZero();
        assertThat(stats.second(1).ok()).isEqualTo(1);
        assertThat(stats.second(2).failures()).isEqualTo(Map.of("HTTP 503", 1L));
        assertThat(stats.second(2).skipped()).isEqualTo(1);
        assertThat(stats.second(7).sent()).isZero();

        LoadCounts total = stats.total();
        assertThat(total.sent()).isEqualTo(3);
        assertThat(total.ok()).isEqualTo(2);
        assertThat(total.failed()).isEqualTo(1);
        assertThat(total.skipped()).isEqualTo(1);
        assertThat(total.classes()).isEqualTo(Map.of(0, 1L, 1, 1L));
        assertThat(total.labelMatches()).isEqualTo(1);
        assertThat(total.successRate()).isEqualTo(2.0 / 3);
    }

    @Test
    void quantilesAreNearestRankOverEveryTimedRequest() {
        LoadStats stats = new LoadStats(0);
        for (int i = 1; i <= 100; i++) {
            stats.answered(i * 10 * MS, i * MS, 0, true); // 1..100 ms, spread over two seconds
        }
        stats.failed(S + 1, "timeout", -1); // no answer: not timed
        LoadCounts total = stats.total();
        assertThat(total.p50Millis()).isEqualTo(50.0);
        assertThat(total.p99Millis()).isEqualTo(99.0);
        assertThat(stats.second(0).p50Millis()).isEqualTo(50.0); // 1..99 ms finished in second 0 (99 at 990 ms)
        assertThat(stats.second(0).p99Millis()).isEqualTo(99.0);
        assertThat(stats.second(1).p50Millis()).isEqualTo(100.0);
    }

    @Test
    void nothingFinishedHasNoRateAndNoLatency() {
        LoadCounts none = new LoadStats(0).total();
        assertThat(none.successRate()).isNaN();
        assertThat(none.p50Millis()).isNaN();
        assertThat(none.describe()).isEqualTo("sent 0, ok 0, failed 0, p50 -, p99 -, classes -");
    }

    @Test
    void theLineNamesFailuresByCause() {
        LoadStats stats = new LoadStats(0);
        stats.answered(1, 2 * MS, 1, true);
        stats.failed(2, "HTTP 502", 3 * MS);
        stats.failed(3, "HTTP 502", 3 * MS);
        stats.failed(4, "timeout", -1);
        assertThat(stats.total().describe())
                .isEqualTo("sent 0, ok 1, failed 3, p50 3.0 ms, p99 3.0 ms, classes 1:1, failures HTTP 502:2 timeout:1");
    }
}
