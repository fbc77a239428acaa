package dev.kiln.runtime.optimize.measure;

import dev.kiln.contract.LatencyMillis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeasureTest {

    @Test
    void percentilesByNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted on purpose
        }

        LatencyMillis l = LatencyStats.of(nanos);

        assertThat(l.p50()).isEqualTo(50.0);
        assertThat(l.p95()).isEqualTo(95.0);
        assertThat(l.p99()).isEqualTo(99.0);
        assertThat(LatencyStats.at(l, 95)).isEqualTo(95.0);
    }

    @Test
    void comparisonCountsTopOneAndAveragesAbsoluteDifferences() {
        float[][] reference = {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.6f, 0.4f}};
        float[][] outputs = {{0.8f, 0.2f}, {0.3f, 0.7f}, {0.4f, 0.6f}};

        OutputComparison c = OutputComparison.of(reference, outputs, new int[]{0, 1, 0});

        assertThat(c.agreement()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(c.accuracy()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(c.meanAbsDiff()).isCloseTo((0.1 + 0.1 + 0.1 + 0.1 + 0.2 + 0.2) / 6, within(1e-6));
        assertThat(OutputComparison.of(reference, outputs, null).accuracy()).isNull();
    }
}
