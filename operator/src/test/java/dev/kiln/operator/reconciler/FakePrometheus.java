package dev.kiln.operator.reconciler;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Prometheus HTTP API on 127.0.0.1 for the operator-loop tests, recording every query as PromQL. A latency
 * bucket query ({@code sum by (le)}) answers the histogram set for the revision it selects, else
 * {@link #latencyBuckets}; a query by result (shadow comparisons) answers no series; any other instant query
 * answers one series with {@link #value}.
 */
final class FakePrometheus implements AutoCloseable {

    private static final Pattern REVISION = Pattern.compile("revision=\"([^\"]*)\"");

    private final HttpServer server;
    final List<String> queries = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, Double>> latencyBucketsByRevision = new ConcurrentHashMap<>();
    volatile Map<String, Double> latencyBuckets = Map.of();
    volatile double value;

    FakePrometheus() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/query", exchange -> {
            String raw = exchange.getRequestURI().getRawQuery();
            String promql = URLDecoder.decode(raw.substring(raw.indexOf("query=") + "query=".length()), StandardCharsets.UTF_8);
            queries.add(promql);
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series(promql)
                    + "]}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private String series(String promql) {
        if (promql.startsWith("sum by (le)")) {
            Matcher revision = REVISION.matcher(promql);
            Map<String, Double> buckets = revision.find()
                    ? latencyBucketsByRevision.getOrDefault(revision.group(1), latencyBuckets) : latencyBuckets;
            return buckets.entrySet().stream()
                    .map(b -> "{\"metric\":{\"le\":\"" + b.getKey() + "\"},\"value\":[1764400000,\"" + b.getValue() + "\"]}")
                    .collect(Collectors.joining(","));
        }
        if (promql.startsWith("sum by (result)")) {
            return "";
        }
        return "{\"metric\":{},\"value\":[1764400000,\"" + value + "\"]}";
    }

    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
