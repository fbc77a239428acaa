package dev.kiln.operator.analysis;

import dev.kiln.operator.api.MetricSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTrackWindowsTest {

    @Test
    void aWindowFromQueryResults() {
        TrackWindow window = PrometheusTrackWindows.window(30, OptionalDouble.of(200), OptionalDouble.of(4),
                Map.of("0.05", 150.0, "0.1", 190.0, "+Inf", 200.0),
                Map.of("agree", 97.0, "disagree", 3.0, "error", 2.0, "skipped", 50.0));

        assertThat(window.requestRate()).isEqualTo(200 / 30.0);
        assertThat(window.errorRate()).isEqualTo(0.02);
        assertThat(window.latencySamples()).isEqualTo(200);
        // Rank 100 of 150 in the first bucket: two thirds of 50 ms.
        assertThat(window.latencyMillis(0.5)).isCloseTo(100.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(window.comparisons()).isEqualTo(100);
        assertThat(window.agreement()).isEqualTo(0.97);
        assertThat(window.shadowErrors()).isEqualTo(2);
    }

    @Test
    void noSeriesIsAnEmptyWindow() {
        TrackWindow window = PrometheusTrackWindows.window(30, OptionalDouble.empty(), OptionalDouble.empty(),
                Map.of(), Map.of());
        assertThat(window.requests()).isZero();
        assertThat(window.errorRate()).isNaN();
        assertThat(window.latencySamples()).isZero();
        assertThat(window.agreement()).isNaN();
    }

    @Test
    void eachTrackIsQueriedForItsRevision() {
        List<String> ran = new ArrayList<>();
        PrometheusTrackWindows.Queries prometheus = new PrometheusTrackWindows.Queries() {
            @Override
            public OptionalDouble query(String promql) {
                ran.add(promql);
                return OptionalDouble.of(promql.contains("server_error") ? 0 : 100);
            }

            @Override
            public Map<String, Double> vector(String promql, String label) {
                ran.add(promql);
                boolean canary = promql.contains("revision=\"new\"");
                return label.equals("le") ? Map.of("0.1", canary ? 0.0 : 100.0, "1", 100.0, "+Inf", 100.0) : Map.of();
            }
        };
        Evidence evidence = PrometheusTrackWindows.tracks(new TrackQueries("ns", "m", "new", Duration.ofSeconds(30)),
                new TrackQueries("ns", "m", "old", Duration.ofSeconds(30)), prometheus);

        assertThat(ran).hasSize(8);
        assertThat(ran.subList(0, 4)).allSatisfy(q -> assertThat(q).contains("revision=\"new\""));
        assertThat(ran.subList(4, 8)).allSatisfy(q -> assertThat(q).contains("revision=\"old\""));
        assertThat(evidence).isInstanceOfSatisfying(Evidence.Tracks.class, tracks -> {
            assertThat(tracks.canary().latencyMillis(0.99)).isCloseTo(991.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(tracks.stable().latencyMillis(0.99)).isCloseTo(99.0, org.assertj.core.data.Offset.offset(1e-6));
        });
    }

    @Test
    void aFailedQueryMakesTrackMetricsInconclusiveWithTheReason() {
        PrometheusTrackWindows.Queries down = new PrometheusTrackWindows.Queries() {
            @Override
            public OptionalDouble query(String promql) {
                throw new MetricsFetchException("prometheus query '" + promql + "' failed: connection refused");
            }

            @Override
            public Map<String, Double> vector(String promql, String label) {
                throw new AssertionError("not reached");
            }
        };
        Evidence evidence = PrometheusTrackWindows.tracks(new TrackQueries("ns", "m", "new", Duration.ofSeconds(30)),
                new TrackQueries("ns", "m", "old", Duration.ofSeconds(30)), down);
        MetricSpec latency = new MetricSpec();
        latency.name = "p99";
        latency.type = MetricSpec.Type.latency;
        latency.max = 100.0;

        MetricResult result = MetricEvaluator.evaluate(latency, evidence, 1);

        assertThat(result.verdict()).isEqualTo(Verdict.Inconclusive);
        assertThat(result.message()).startsWith("query failed: prometheus query 'sum(increase(")
                .endsWith("connection refused");
    }

    @Test
    void aBucketBoundThatIsNotANumberIsAFailedRead() {
        PrometheusTrackWindows.Queries odd = new PrometheusTrackWindows.Queries() {
            @Override
            public OptionalDouble query(String promql) {
                return OptionalDouble.of(1);
            }

            @Override
            public Map<String, Double> vector(String promql, String label) {
                return label.equals("le") ? Map.of("fast", 1.0) : Map.of();
            }
        };
        Evidence evidence = PrometheusTrackWindows.tracks(new TrackQueries("ns", "m", "new", Duration.ofSeconds(30)),
                new TrackQueries("ns", "m", "old", Duration.ofSeconds(30)), odd);
        assertThat(evidence).isInstanceOfSatisfying(Evidence.QueryValue.class,
                failed -> assertThat(failed.error()).contains("le=\"fast\""));
    }
}
