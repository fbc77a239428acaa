package dev.kiln.operator.analysis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TrackQueriesTest {

    private static final TrackQueries CANARY = new TrackQueries("serving", "orientation", "abc123", Duration.ofSeconds(30));

    static Stream<Arguments> queries() {
        String sel = "namespace=\"serving\",model=\"orientation\",revision=\"abc123\"";
        return Stream.of(
                Arguments.of("requests", CANARY, (Function<TrackQueries, String>) TrackQueries::requests,
                        "sum(increase(kiln_inference_requests_total{" + sel + "}[30s]))"),
                Arguments.of("server errors", CANARY, (Function<TrackQueries, String>) TrackQueries::serverErrors,
                        "sum(increase(kiln_inference_requests_total{" + sel + ",outcome=\"server_error\"}[30s]))"),
                Arguments.of("latency buckets", CANARY, (Function<TrackQueries, String>) TrackQueries::latencyBuckets,
                        "sum by (le) (increase(kiln_inference_request_seconds_bucket{" + sel + "}[30s]))"),
                Arguments.of("shadow comparisons", CANARY,
                        (Function<TrackQueries, String>) TrackQueries::shadowComparisons,
                        "sum by (result) (increase(kiln_shadow_comparisons_total{" + sel + "}[30s]))"),
                Arguments.of("interval in whole seconds",
                        new TrackQueries("ns", "m", "r", Duration.ofMinutes(2).plusMillis(500)),
                        (Function<TrackQueries, String>) TrackQueries::requests,
                        "sum(increase(kiln_inference_requests_total{namespace=\"ns\",model=\"m\",revision=\"r\"}[120s]))"),
                Arguments.of("quotes and backslashes escaped",
                        new TrackQueries("ns", "m\"x", "r\\1", Duration.ofSeconds(30)),
                        (Function<TrackQueries, String>) TrackQueries::requests,
                        "sum(increase(kiln_inference_requests_total{namespace=\"ns\",model=\"m\\\"x\",revision=\"r\\\\1\"}[30s]))"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void writesExactPromQL(String what, TrackQueries track, Function<TrackQueries, String> query, String expected) {
        assertThat(query.apply(track)).isEqualTo(expected);
    }
}
