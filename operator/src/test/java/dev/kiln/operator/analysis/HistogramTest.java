package dev.kiln.operator.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramTest {

    /** "le=count,le=count,..." with +Inf spelled inf. */
    static Histogram histogram(String spec) {
        List<Histogram.Bucket> buckets = new ArrayList<>();
        for (String pair : spec.split(",")) {
            String[] parts = pair.split("=");
            double le = parts[0].equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(parts[0]);
            buckets.add(new Histogram.Bucket(le, Double.parseDouble(parts[1])));
        }
        return new Histogram(buckets);
    }

    @ParameterizedTest(name = "{0} q={1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            // 100 observations: 50 at or below 0.1, 90 at or below 0.2, all at or below 0.4
            "0.1=50,0.2=90,0.4=100,inf=100; 0.5; 0.1",
            "0.1=50,0.2=90,0.4=100,inf=100; 0.25; 0.05",
            "0.1=50,0.2=90,0.4=100,inf=100; 0.7; 0.15",
            "0.1=50,0.2=90,0.4=100,inf=100; 0.95; 0.3",
            "0.1=50,0.2=90,0.4=100,inf=100; 1.0; 0.4",
            // quantile in the +Inf bucket: the highest finite bound
            "0.1=10,0.2=20,inf=100; 0.99; 0.2",
            // buckets given out of order are sorted
            "inf=100,0.2=90,0.1=50,0.4=100; 0.7; 0.15",
            // counts that dip (scrape race) are made monotonic
            "0.1=50,0.2=40,0.4=100,inf=100; 0.5; 0.1",
            // a first bucket with a negative bound answers with that bound
            "-1=10,0=10,inf=10; 0.5; -1",
    })
    void quantileMatchesPromqlHistogramQuantile(String buckets, double q, double expected) {
        assertThat(histogram(buckets).quantile(q)).isCloseTo(expected, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "0.1=0,inf=0",       // no observations
            "0.1=5,0.2=10",      // no +Inf bucket
            "inf=10",            // only +Inf
    })
    void quantileIsNaNWhenTheHistogramCannotSay(String buckets) {
        assertThat(histogram(buckets).quantile(0.5)).isNaN();
    }

    @Test
    void countIsTheInfBucket() {
        assertThat(histogram("0.1=3,inf=9").count()).isEqualTo(9);
        assertThat(histogram("0.1=3,0.2=4").count()).isZero();
        assertThat(Histogram.EMPTY.count()).isZero();
    }
}
