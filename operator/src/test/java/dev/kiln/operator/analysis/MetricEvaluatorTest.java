package dev.kiln.operator.analysis;

import dev.kiln.operator.api.MetricSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MetricEvaluatorTest {

    static final int MIN_SAMPLES = 20;

    static MetricSpec metric(MetricSpec.Type type, Double max, Double min, Double ratio) {
        MetricSpec spec = new MetricSpec();
        spec.name = "m-" + type;
        spec.type = type;
        spec.max = max;
        spec.min = min;
        spec.maxRatioToStable = ratio;
        return spec;
    }

    /** n requests, all with latency in (0, bound] seconds: the q-quantile is bound * q. */
    static TrackWindow window(double requests, double serverErrors, double bound) {
        Histogram latency = new Histogram(List.of(new Histogram.Bucket(bound, requests),
                new Histogram.Bucket(Double.POSITIVE_INFINITY, requests)));
        return new TrackWindow(30, requests, serverErrors, latency, 0, 0, 0);
    }

    @ParameterizedTest(name = "canary {0}@{1}s stable {2}@{3}s max={4} ratio={5} -> {6}")
    @CsvSource({
            // canaryN, canaryBound, stableN, stableBound, max ms, maxRatio, verdict, canary p50 ms
            "100, 0.4, 100, 0.4,  250,    , Successful,   200",
            "100, 0.6, 100, 0.4,  250,    , Failed,       300",
            "100, 0.6, 100, 0.4,     , 1.6, Successful,   300",
            "100, 0.8, 100, 0.4,     , 1.5, Failed,       400",
            "100, 0.4, 100, 0.4, 1000, 1.5, Successful,   200",
            "100, 0.8, 100, 0.4, 1000, 1.5, Failed,       400",
            "100, 0.8, 100, 0.4,  250, 1.5, Failed,       400",
            " 19, 0.8, 100, 0.4,  250,    , Inconclusive, 400",
            "100, 0.8,   5, 0.4,     , 1.5, Inconclusive, 400",
            "100, 0.8,   5, 0.4, 1000,    , Successful,   400",
            "  0, 0.8, 100, 0.4,  250,    , Inconclusive,    ",
    })
    void latency(double canaryN, double canaryBound, double stableN, double stableBound, Double max, Double ratio,
                 Verdict verdict, Double canaryMillis) {
        MetricSpec spec = metric(MetricSpec.Type.latency, max, null, ratio);
        spec.quantile = 0.5;

        MetricResult result = MetricEvaluator.evaluate(spec, new Evidence.Tracks(
                window(canaryN, 0, canaryBound), window(stableN, 0, stableBound)), MIN_SAMPLES);

        assertThat(result.verdict()).isEqualTo(verdict);
        if (canaryMillis == null) {
            assertThat(result.canaryValue()).isNull();
        } else {
            assertThat(result.canaryValue()).isCloseTo(canaryMillis, within(1e-9));
        }
        assertThat(result.samples()).isEqualTo((long) canaryN);
    }

    @Test
    void latencyDefaultsToP99AndExplainsAFailure() {
        MetricSpec spec = metric(MetricSpec.Type.latency, 250.0, null, null);
        spec.name = "p99";

        MetricResult result = MetricEvaluator.evaluate(spec,
                new Evidence.Tracks(window(340, 0, 0.5), window(340, 0, 0.2)), MIN_SAMPLES);

        assertThat(result.verdict()).isEqualTo(Verdict.Failed);
        assertThat(result.canaryValue()).isCloseTo(495, within(1e-9));
        assertThat(result.stableValue()).isCloseTo(198, within(1e-9));
        assertThat(result.threshold()).isEqualTo("<= 250 ms");
        assertThat(result.message()).isEqualTo("latency p99 of canary 495 ms exceeds max 250 ms (340 samples)");
    }

    @ParameterizedTest(name = "canary {1}/{0} stable {3}/{2} max={4} ratio={5} -> {6}")
    @CsvSource({
            // canary requests, errors, stable requests, errors, max, maxRatio, verdict
            "1000,  5, 1000, 5, 0.01,  , Successful",
            "1000, 20, 1000, 5, 0.01,  , Failed",
            "1000, 10, 1000, 5,     , 2, Successful",
            "1000, 11, 1000, 5,     , 2, Failed",
            "1000,  0, 1000, 0,     , 2, Successful",
            "1000,  1, 1000, 0,     , 2, Failed",
            "1000,  1, 1000, 0, 0.01,  , Successful",
            "  19, 19, 1000, 0, 0.01,  , Inconclusive",
            "1000, 11,   10, 5,     , 2, Inconclusive",
    })
    void errorRate(double canaryN, double canaryErrors, double stableN, double stableErrors, Double max, Double ratio,
                   Verdict verdict) {
        MetricResult result = MetricEvaluator.evaluate(metric(MetricSpec.Type.errorRate, max, null, ratio),
                new Evidence.Tracks(window(canaryN, canaryErrors, 0.1), window(stableN, stableErrors, 0.1)),
                MIN_SAMPLES);

        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.canaryValue()).isCloseTo(canaryErrors / canaryN, within(1e-12));
        assertThat(result.stableValue()).isCloseTo(stableErrors / stableN, within(1e-12));
    }

    @ParameterizedTest(name = "agree {0} disagree {1} errors {2} min={3} -> {4}")
    @CsvSource({
            "99, 1, 0, 0.98, Successful",
            "97, 3, 0, 0.98, Failed",
            "98, 2, 50, 0.98, Successful",
            "15, 0, 90, 0.98, Inconclusive",
            "10, 0, 0, 0.98, Inconclusive",
            " 0, 0, 0, 0.98, Inconclusive",
    })
    void agreementCountsShadowComparisonsFromEitherTrack(double agree, double disagree, double errors, double min,
                                                          Verdict verdict) {
        TrackWindow stable = new TrackWindow(30, 100, 0, Histogram.EMPTY, agree, disagree, errors);
        MetricResult result = MetricEvaluator.evaluate(metric(MetricSpec.Type.agreement, null, min, null),
                new Evidence.Tracks(TrackWindow.EMPTY, stable), MIN_SAMPLES);

        assertThat(result.verdict()).isEqualTo(verdict);
        assertThat(result.samples()).isEqualTo((long) (agree + disagree));
    }

    @ParameterizedTest(name = "value {0} min={1} max={2} -> {3}")
    @CsvSource({
            "0.5,    0.1, 0.9, Successful",
            "0.05,   0.1, 0.9, Failed",
            "0.95,   0.1, 0.9, Failed",
            "5,         , 10,  Successful",
            "5,      6,     ,  Failed",
            "NaN,    0.1, 0.9, Inconclusive",
    })
    void prometheusQueryBounds(double value, Double min, Double max, Verdict verdict) {
        MetricSpec spec = metric(MetricSpec.Type.prometheus, max, min, null);
        spec.query = "sum(rate(x{{{selector}}}[1m]))";

        MetricResult result = MetricEvaluator.evaluate(spec, new Evidence.QueryValue(OptionalDouble.of(value)),
                MIN_SAMPLES);

        assertThat(result.verdict()).isEqualTo(verdict);
    }

    @Test
    void prometheusQueryWithoutSeriesIsInconclusive() {
        MetricResult result = MetricEvaluator.evaluate(metric(MetricSpec.Type.prometheus, 1.0, null, null),
                new Evidence.QueryValue(OptionalDouble.empty()), MIN_SAMPLES);
        assertThat(result.verdict()).isEqualTo(Verdict.Inconclusive);
        assertThat(result.message()).isEqualTo("query returned no value");

        MetricResult failed = MetricEvaluator.evaluate(metric(MetricSpec.Type.prometheus, 1.0, null, null),
                Evidence.QueryValue.failed("prometheus query 'x' returned 2 series"), MIN_SAMPLES);
        assertThat(failed.verdict()).isEqualTo(Verdict.Inconclusive);
        assertThat(failed.message()).isEqualTo("query failed: prometheus query 'x' returned 2 series");
    }

    @Test
    void evidenceMustFitTheMetricType() {
        assertThatThrownBy(() -> MetricEvaluator.evaluate(metric(MetricSpec.Type.latency, 1.0, null, null),
                new Evidence.QueryValue(OptionalDouble.of(1)), MIN_SAMPLES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs track windows");
        assertThatThrownBy(() -> MetricEvaluator.evaluate(metric(MetricSpec.Type.prometheus, 1.0, null, null),
                new Evidence.Tracks(TrackWindow.EMPTY, TrackWindow.EMPTY), MIN_SAMPLES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a query value");
    }

    @ParameterizedTest
    @CsvSource({"0.1234567, 0.1235", "250, 250", "1500.5, 1501", "0.00001, 0.00001"})
    void numbersAreShownWithFourSignificantDigits(double value, String shown) {
        assertThat(MetricEvaluator.number(value)).isEqualTo(shown);
    }
}
