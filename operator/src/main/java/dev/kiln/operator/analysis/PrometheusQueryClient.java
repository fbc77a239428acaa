package dev.kiln.operator.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalDouble;

/** Evaluates an instant PromQL query against a Prometheus server's HTTP API (provider prometheus). */
public final class PrometheusQueryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    /** @param address the server's base URL, e.g. http://prometheus.monitoring:9090 */
    public PrometheusQueryClient(String address, Duration timeout) {
        this.base = URI.create(address.endsWith("/") ? address : address + "/");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    /**
     * The query's single value; empty when it returned no series or NaN. A query that returns several series
     * is an error: the analysis needs one number, so the query should aggregate (sum, max, ...).
     */
    public OptionalDouble query(String promql) {
        URI uri = base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        JsonNode body;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new MetricsFetchException("prometheus query '" + promql + "' failed with HTTP "
                        + response.statusCode() + ": " + body.path("errorType").asText("") + " "
                        + body.path("error").asText(""));
            }
        } catch (IOException e) {
            throw new MetricsFetchException("prometheus query '" + promql + "' at " + base + " failed: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsFetchException("interrupted while querying " + base, e);
        }
        return value(promql, body.path("data"));
    }

    private static double number(String promql, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new MetricsFetchException("prometheus query '" + promql + "' returned '" + text + "', not a number");
        }
    }

    private static OptionalDouble value(String promql, JsonNode data) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        JsonNode sample;
        switch (type) {
            case "scalar" -> sample = result;
            case "vector" -> {
                if (result.isEmpty()) {
                    return OptionalDouble.empty();
                }
                if (result.size() > 1) {
                    throw new MetricsFetchException("prometheus query '" + promql + "' returned " + result.size()
                            + " series; aggregate it to one, e.g. with sum(...) or max(...)");
                }
                sample = result.get(0).path("value");
            }
            default -> throw new MetricsFetchException("prometheus query '" + promql + "' returned a " + type
                    + "; write an instant query that returns one number");
        }
        String text = sample.path(1).asText();
        double value = switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "" -> Double.NaN;
            default -> number(promql, text);
        };
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
