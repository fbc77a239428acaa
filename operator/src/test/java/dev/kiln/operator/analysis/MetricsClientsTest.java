package dev.kiln.operator.analysis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsClientsTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    LocalHttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new LocalHttpServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    PodMetricsClient pods() {
        return new PodMetricsClient(TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void scrapesTheRuntimeMetricsPath() {
        server.body = MetricsPage.of("canary", "r2").requests("success", 42).text();

        PodScrape scrape = pods().scrape("canary-0", "127.0.0.1", server.port());

        assertThat(server.requests).containsExactly("/q/metrics");
        assertThat(scrape.pod()).isEqualTo("canary-0");
        assertThat(scrape.scrapedAt()).isEqualTo(NOW);
        assertThat(scrape.samples()).anyMatch(s -> s.name().equals("kiln_inference_requests_total") && s.value() == 42);
    }

    @Test
    void scrapeErrorsNameThePodAndTheProblem() {
        server.status = 503;
        assertThatThrownBy(() -> pods().scrape("canary-0", "127.0.0.1", server.port()))
                .isInstanceOf(MetricsFetchException.class)
                .hasMessage("pod canary-0: GET http://127.0.0.1:" + server.port() + "/q/metrics answered HTTP 503");

        server.status = 200;
        server.body = "<html>not metrics</html>";
        assertThatThrownBy(() -> pods().scrape("canary-0", "127.0.0.1", server.port()))
                .isInstanceOf(MetricsFetchException.class)
                .hasMessageContaining("is not Prometheus text: metrics line 1");

        int closed = server.port();
        server.close();
        assertThatThrownBy(() -> pods().scrape("canary-0", "127.0.0.1", closed))
                .isInstanceOf(MetricsFetchException.class).hasMessageContaining("pod canary-0: GET").hasMessageContaining("failed");
    }

    PrometheusQueryClient prometheus() {
        return new PrometheusQueryClient(server.address(), TIMEOUT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1.7e9,\"0.25\"]}]}}|0.25",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1.7e9,\"3\"]}}|3",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}|",
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1.7e9,\"NaN\"]}]}}|",
    })
    void readsOneNumberFromAnInstantQuery(String response, Double expected) {
        server.body = response;

        OptionalDouble value = prometheus().query("sum(rate(x{track=\"canary\"}[1m]))");

        assertThat(value).isEqualTo(expected == null ? OptionalDouble.empty() : OptionalDouble.of(expected));
        String uri = URLDecoder.decode(server.requests.get(0), StandardCharsets.UTF_8);
        assertThat(uri).isEqualTo("/api/v1/query?query=sum(rate(x{track=\"canary\"}[1m]))");
    }

    @Test
    void queryErrorsSayWhatToFix() {
        server.body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"pod\":\"a\"},\"value\":[1,\"1\"]},{\"metric\":{\"pod\":\"b\"},\"value\":[1,\"2\"]}]}}";
        assertThatThrownBy(() -> prometheus().query("x"))
                .hasMessage("prometheus query 'x' returned 2 series; aggregate it to one, e.g. with sum(...) or max(...)");

        server.body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        assertThatThrownBy(() -> prometheus().query("x[5m]"))
                .hasMessage("prometheus query 'x[5m]' returned a matrix; write an instant query that returns one number");

        server.status = 400;
        server.body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
        assertThatThrownBy(() -> prometheus().query("sum("))
                .hasMessage("prometheus query 'sum(' failed with HTTP 400: bad_data parse error");
    }

    @Test
    void readsAVectorQueryByOneLabel() {
        server.body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"le\":\"0.1\"},\"value\":[1.7e9,\"12\"]},"
                + "{\"metric\":{\"le\":\"+Inf\"},\"value\":[1.7e9,\"20.5\"]},"
                + "{\"metric\":{\"le\":\"1\"},\"value\":[1.7e9,\"NaN\"]},"
                + "{\"metric\":{},\"value\":[1.7e9,\"3\"]}]}}";

        var values = prometheus().vector("sum by (le) (increase(h_bucket{revision=\"r\"}[30s]))", "le");

        assertThat(values).containsExactly(java.util.Map.entry("0.1", 12.0), java.util.Map.entry("+Inf", 20.5),
                java.util.Map.entry("", 3.0));
        assertThat(URLDecoder.decode(server.requests.get(0), StandardCharsets.UTF_8))
                .isEqualTo("/api/v1/query?query=sum by (le) (increase(h_bucket{revision=\"r\"}[30s]))");

        server.body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
        assertThat(prometheus().vector("x", "le")).isEmpty();
    }

    @Test
    void vectorErrorsSayWhatToFix() {
        server.body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"le\":\"1\",\"pod\":\"a\"},\"value\":[1,\"1\"]},"
                + "{\"metric\":{\"le\":\"1\",\"pod\":\"b\"},\"value\":[1,\"2\"]}]}}";
        assertThatThrownBy(() -> prometheus().vector("x", "le"))
                .hasMessage("prometheus query 'x' returned two series with le=\"1\"; aggregate by le");

        server.body = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}";
        assertThatThrownBy(() -> prometheus().vector("x", "le"))
                .hasMessage("prometheus query 'x' returned a scalar, not the vector it aggregates by le");

        server.status = 503;
        server.body = "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}";
        assertThatThrownBy(() -> prometheus().vector("x", "le"))
                .hasMessage("prometheus query 'x' failed with HTTP 503: unavailable overloaded");
    }
}
