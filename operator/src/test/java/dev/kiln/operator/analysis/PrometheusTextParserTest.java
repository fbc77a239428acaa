package dev.kiln.operator.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusTextParserTest {

    @Test
    void readsSamplesSkippingCommentsAndTimestamps() {
        String page = """
                # HELP kiln_inference_requests_total Inference requests
                # TYPE kiln_inference_requests_total counter
                kiln_inference_requests_total{model="cls",revision="r1",track="stable",outcome="success",} 120.0
                kiln_inference_request_seconds_bucket{model="cls",le="+Inf"} 7 1700000000000
                process_uptime_seconds 12.5

                # EOF
                """;
        List<Sample> samples = PrometheusTextParser.parse(page);
        assertThat(samples).containsExactly(
                new Sample("kiln_inference_requests_total",
                        Map.of("model", "cls", "revision", "r1", "track", "stable", "outcome", "success"), 120.0),
                new Sample("kiln_inference_request_seconds_bucket", Map.of("model", "cls", "le", "+Inf"), 7),
                new Sample("process_uptime_seconds", Map.of(), 12.5));
    }

    @Test
    void unescapesLabelValues() {
        Sample sample = PrometheusTextParser.parse("m{a=\"x\\\"y\\\\z\\nw\", b = \"}{,\"} 1").get(0);
        assertThat(sample.labels()).isEqualTo(Map.of("a", "x\"y\\z\nw", "b", "}{,"));
    }

    @ParameterizedTest
    @CsvSource({
            "+Inf, Infinity",
            "-Inf, -Infinity",
            "1e3, 1000",
            "-0.5, -0.5",
    })
    void readsSpecialValues(String token, double expected) {
        assertThat(PrometheusTextParser.parse("m " + token).get(0).value()).isEqualTo(expected);
    }

    @Test
    void readsNaN() {
        assertThat(PrometheusTextParser.parse("m NaN").get(0).value()).isNaN();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "m{a=\"x|label value has no closing quote",
            "m{a=\"x\" 1|expected ',' or '}' after label a",
            "m{a=\"x\" b=\"y\"} 1|expected ',' or '}' after label a",
            "m{=\"x\"} 1|expected a label name",
            "m 12abc|value '12abc' is not a number",
            "m|expected a space and a value",
            "{a=\"x\"} 1|expected a metric name",
            "m{a:\"x\"} 1|expected '='",
    })
    void rejectsMalformedLinesNamingLineAndProblem(String line, String problem) {
        assertThatThrownBy(() -> PrometheusTextParser.parse("ok 1\n" + line))
                .isInstanceOf(MetricsParseException.class)
                .hasMessageContaining("metrics line 2")
                .hasMessageContaining(problem);
    }
}
