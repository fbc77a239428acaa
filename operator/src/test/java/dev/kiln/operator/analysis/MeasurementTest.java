package dev.kiln.operator.analysis;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static MetricSpec metric(String name, MetricSpec.Type type) {
        MetricSpec metric = new MetricSpec();
        metric.name = name;
        metric.type = type;
        return metric;
    }

    /** A slow canary next to a fast stable, both with enough traffic: latency fails, errors pass. */
    @Test
    void judgesEveryMetricOnTheSameScrapes() {
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.minSamples = 50;
        MetricSpec latency = metric("p99", MetricSpec.Type.latency);
        latency.maxRatioToStable = 1.5;
        MetricSpec errors = metric("errors", MetricSpec.Type.errorRate);
        errors.max = 0.01;
        MetricSpec agreement = metric("agreement", MetricSpec.Type.agreement);
        agreement.min = 0.95;
        MetricSpec query = metric("saturation", MetricSpec.Type.prometheus);
        query.query = "max(kiln_queue{{{selector}}})";
        query.max = 0.8;
        analysis.metrics.addAll(List.of(latency, errors, agreement, query));

        List<PodScrape> before = List.of(
                PodScrape.parse("c", T0, MetricsPage.of("canary", "r2").requests("success", 0)
                        .latency(MetricsPage.allAtOrBelow(0, 0, 0)).text()),
                PodScrape.parse("s", T0, MetricsPage.of("stable", "r1").requests("success", 0)
                        .latency(MetricsPage.allAtOrBelow(0, 0, 0)).text()));
        List<PodScrape> after = List.of(
                PodScrape.parse("c", T0.plusSeconds(30), MetricsPage.of("canary", "r2").requests("success", 100)
                        .latency(MetricsPage.allAtOrBelow(4, 4, 100)).text()),
                PodScrape.parse("s", T0.plusSeconds(30), MetricsPage.of("stable", "r1").requests("success", 300)
                        .latency(MetricsPage.allAtOrBelow(2, 2, 300)).shadow("agree", 10).text()));

        List<MetricResult> results = Measurement.fromScrapes(analysis, before, after, "r2", "r1",
                m -> new Evidence.QueryValue(OptionalDouble.of(0.5)));

        assertThat(results).extracting(MetricResult::metric, MetricResult::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("p99", Verdict.Failed),
                org.assertj.core.groups.Tuple.tuple("errors", Verdict.Successful),
                org.assertj.core.groups.Tuple.tuple("agreement", Verdict.Inconclusive),
                org.assertj.core.groups.Tuple.tuple("saturation", Verdict.Successful));
        // canary: 100 requests in (50, 100] ms -> p99 99.5 ms; stable: 300 in (10, 25] ms -> p99 24.85 ms
        assertThat(results.get(0).message()).isEqualTo("latency p99 of canary 99.5 ms is 4.004x stable's 24.85 ms, "
                + "above maxRatioToStable 1.5 (100 samples)");
    }

    @Test
    void queryTemplateFillsTheCanarySelector() {
        assertThat(QueryTemplate.render("sum(rate(x{{{selector}},code=\"5xx\"}[1m]))", TrackSelector.canary("r2")))
                .isEqualTo("sum(rate(x{revision=\"r2\",code=\"5xx\"}[1m]))");
        assertThat(QueryTemplate.render("y{{{selector}}}", new TrackSelector("canary", "a\"b")))
                .isEqualTo("y{revision=\"a\\\"b\"}");
        assertThat(QueryTemplate.render("y{{{selector}}}", new TrackSelector("canary", null)))
                .isEqualTo("y{track=\"canary\"}");
    }
}
