package dev.kiln.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlMetricNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "up                                                                         | up",
            "sum by (track) (rate(a_total{ns=\"x\", track=~\"c.*\"}[$__rate_interval]))  | a_total",
            "histogram_quantile(0.99, sum by (le, track) (rate(h_bucket{a=\"b\"}[5m])))  | h_bucket",
            "sum(rate(a_sum[1m])) / sum(rate(a_count[1m]))                              | a_count a_sum",
            "max(g{x=\"rate(fake_metric[1m])\"}) > bool 0 and on (pod) other            | g other",
            "sum without (instance) (x) offset 5m                                       | x",
    })
    void findsTheMetricNames(String expr, String expected) {
        assertThat(PromQlMetricNames.of(expr)).isEqualTo(new TreeSet<>(Set.of(expected.split(" "))));
    }
}
