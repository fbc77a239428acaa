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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** Evaluates an instant PromQL query against a Prometheus server's HTTP API (provider prometheus). */
public final class PrometheusQueryClient implements PrometheusTrackWindows.Queries {

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
    @Override
    public OptionalDouble query(String promql) {
        double value = sampleValue(promql, single(promql, fetch(promql)));
        return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /**
     * A vector query's series keyed by one label's value, e.g. {@code sum by (le) (...)} keyed by {@code le}; a
     * series without the label is keyed by "". NaN values are left out. Two series with the same label value are
     * an error: the query should aggregate by that label.
     */
    @Override
    public Map<String, Double> vector(String promql, String label) {
        JsonNode data = fetch(promql);
        String type = data.path("resultType").asText();
        if (!"vector".equals(type)) {
            throw new MetricsFetchException("prometheus query '" + promql + "' returned a " + type
                    + ", not the vector it aggregates by " + label);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode series : data.path("result")) {
            String key = series.path("metric").path(label).asText("");
            double value = sampleValue(promql, series.path("value"));
            if (Double.isNaN(value)) {
                continue;
            }
            if (values.put(key, value) != null) {
                throw new MetricsFetchException("prometheus query '" + promql + "' returned two series with "
                        + label + "=\"" + key + "\"; aggregate by " + label);
            }
        }
        return values;
    }

    /** The query's result data; a transport error or an error status throws with the server's reason. */
    private JsonNode fetch(String promql) {
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
        return body.path("data");
    }

    private static double number(String promql, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new MetricsFetchException("prometheus query '" + promql + "' returned '" + text + "', not a number");
        }
    }

    /** The [time, value] pair of a query that must return one number; null when it returned no series. */
    private static JsonNode single(String promql, JsonNode data) {
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        return switch (type) {
            case "scalar" -> result;
            case "vector" -> {
                if (result.isEmpty()) {
                    yield null;
                }
                if (result.size() > 1) {
                    throw new MetricsFetchException("prometheus query '" + promql + "' returned " + result.size()
                            + " series; aggregate it to one, e.g. with sum(...) or max(...)");
                }
                yield result.get(0).path("value");
            }
            default -> throw new MetricsFetchException("prometheus query '" + promql + "' returned a " + type
                    + "; write an instant query that returns one number");
        };
    }

    /** The number in a [time, value] pair; NaN for none. */
    private static double sampleValue(String promql, JsonNode sample) {
        String text = sample == null ? "" : sample.path(1).asText();
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "" -> Double.NaN;
            default -> number(promql, text);
        };
    }
}
