package dev.kiln.operator.analysis;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusQueriesTest {

    static MetricSpec query(String name, String promql, Double max) {
        MetricSpec metric = new MetricSpec();
        metric.name = name;
        metric.type = MetricSpec.Type.prometheus;
        metric.query = promql;
        metric.max = max;
        return metric;
    }

    @Test
    void eachQueryIsRenderedForTheCanaryAndRunAtTheAddress() {
        List<String> ran = new ArrayList<>();
        var queries = PrometheusQueries.forCanary(Optional.of("http://prom:9090"), "abc123", (address, promql) -> {
            ran.add(address + " " + promql);
            return OptionalDouble.of(0.2);
        });
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.provider = AnalysisSpec.Provider.prometheus;
        analysis.metrics = List.of(query("errors", "sum(rate(errors_total{{{selector}}}[1m]))", 0.1));

        List<MetricResult> results = Measurement.fromQueries(analysis, () -> {
            throw new AssertionError("no track metric, so no track windows are read");
        }, queries);

        assertThat(ran).containsExactly("http://prom:9090 sum(rate(errors_total{revision=\"abc123\"}[1m]))");
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.Failed);
            assertThat(r.canaryValue()).isEqualTo(0.2);
        });
    }

    @Test
    void noAddressOrAFailingServerIsInconclusiveWithTheReason() {
        MetricSpec metric = query("errors", "up", 1.0);
        Evidence.QueryValue none = PrometheusQueries.forCanary(Optional.empty(), "abc", (a, q) -> OptionalDouble.of(0))
                .apply(metric);
        assertThat(none.error()).contains("spec.rollout.analysis.prometheusAddress")
                .contains("kiln.operator.analysis.prometheus-url");
        Evidence.QueryValue down = PrometheusQueries.forCanary(Optional.of("http://prom:9090"), "abc", (a, q) -> {
            throw new MetricsFetchException("connection refused");
        }).apply(metric);
        assertThat(down.error()).isEqualTo("connection refused");
        assertThat(MetricEvaluator.evaluate(metric, down, 1).verdict()).isEqualTo(Verdict.Inconclusive);
    }

    @Test
    void providerPrometheusJudgesTrackMetricsOnWindowsReadOnce() {
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.provider = AnalysisSpec.Provider.prometheus;
        MetricSpec errors = new MetricSpec();
        errors.name = "errors";
        errors.type = MetricSpec.Type.errorRate;
        errors.max = 0.01;
        MetricSpec latency = new MetricSpec();
        latency.name = "p99";
        latency.type = MetricSpec.Type.latency;
        latency.maxRatioToStable = 1.5;
        analysis.metrics = List.of(errors, query("saturation", "up", 1.0), latency);
        TrackWindow canary = new TrackWindow(30, 100, 5,
                new Histogram(List.of(new Histogram.Bucket(0.1, 100), new Histogram.Bucket(Double.POSITIVE_INFINITY, 100))),
                0, 0, 0);
        TrackWindow stable = new TrackWindow(30, 100, 0,
                new Histogram(List.of(new Histogram.Bucket(0.1, 100), new Histogram.Bucket(Double.POSITIVE_INFINITY, 100))),
                0, 0, 0);
        int[] reads = {0};

        List<MetricResult> results = Measurement.fromQueries(analysis, () -> {
            reads[0]++;
            return new Evidence.Tracks(canary, stable);
        }, m -> new Evidence.QueryValue(OptionalDouble.of(0.5)));

        assertThat(reads[0]).isEqualTo(1);
        assertThat(results).extracting(MetricResult::verdict)
                .containsExactly(Verdict.Failed, Verdict.Successful, Verdict.Successful);
        assertThat(results.get(0).message()).contains("error rate of canary 0.05 exceeds max 0.01");
    }
}
