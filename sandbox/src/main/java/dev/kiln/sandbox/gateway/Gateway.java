package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's ingress: an HTTP server on 127.0.0.1 that forwards {@code /v2/...} requests to the pods
 * {@link Router} picks. What it routes by is re-read from the API server every period, so a changed
 * Service selector or HTTPRoute weight takes effect within that period. It also plays the Gateway API controller
 * for Kiln's HTTPRoutes ({@link RouteAcceptor}): each round it marks them Accepted for their generation.
 */
public final class Gateway implements AutoCloseable {

    /** Response header naming the pod that answered, for checks and for the curious. */
    public static final String POD_HEADER = "Kiln-Pod";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "expect", "upgrade", "keep-alive", "te", "trailer", "proxy-connection");
    private static final Duration BACKEND_TIMEOUT = Duration.ofSeconds(30);
    private static final String HTTP_ROUTES = "/apis/gateway.networking.k8s.io/v1/httproutes";
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    private final SandboxApiServer api;
    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService refresher;
    private final HttpClient client;
    private final AtomicReference<RoutingSnapshot> snapshot = new AtomicReference<>(RoutingSnapshot.EMPTY);

    private Gateway(SandboxApiServer api, HttpServer server, ExecutorService workers, ScheduledExecutorService refresher,
                    HttpClient client) {
        this.api = api;
        this.server = server;
        this.workers = workers;
        this.refresher = refresher;
        this.client = client;
    }

    public static Gateway start(SandboxApiServer api, int port, Duration refreshPeriod) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for the gateway: " + e.getMessage()
                    + "; pick another --gateway-port", e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(32, daemon("sandbox-gateway"));
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-gateway-routes"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(workers)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Gateway gateway = new Gateway(api, server, workers, refresher, client);
        gateway.refresh();
        refresher.scheduleWithFixedDelay(gateway::refreshSafely, refreshPeriod.toMillis(), refreshPeriod.toMillis(),
                TimeUnit.MILLISECONDS);
        server.createContext("/", gateway::handle);
        server.setExecutor(workers);
        server.start();
        return gateway;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // keep routing by the last snapshot; the next refresh retries
        }
    }

    private void refresh() {
        RoutingSnapshot now = new RoutingSnapshot(list("/apis/kiln.dev/v1alpha1/modeldeployments"),
                list("/api/v1/services"), list("/api/v1/pods"), list(HTTP_ROUTES));
        snapshot.set(now);
        acceptRoutes(now);
    }

    /**
     * Plays the Gateway API controller: writes the status {@link RouteAcceptor} says a Kiln HTTPRoute should
     * have, so the operator sees its weights Accepted. The gateway routes by the weights it read this round.
     */
    private void acceptRoutes(RoutingSnapshot now) {
        for (JsonNode route : now.httpRoutes()) {
            RouteAcceptor.status(route, now.services(), clock.instant()).ifPresent(status -> {
                String path = "/apis/gateway.networking.k8s.io/v1/namespaces/" + route.at("/metadata/namespace").asText()
                        + "/httproutes/" + route.at("/metadata/name").asText() + "/status";
                var patch = JSON.createObjectNode();
                patch.set("status", status);
                // A route deleted or changed meanwhile is looked at again next round.
                api.call("PATCH", path, "application/merge-patch+json", patch.toString());
            });
        }
    }

    /** Items of a list; none when the resource is not served (no Gateway API CRDs installed, say). */
    private List<JsonNode> list(String path) {
        ApiResponse response = api.call("GET", path, null, null);
        if (!response.ok()) {
            return List.of();
        }
        try {
            List<JsonNode> items = new ArrayList<>();
            JSON.readTree(response.body()).path("items").forEach(items::add);
            return items;
        } catch (IOException e) {
            return List.of();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            // Service-addressed (what a Service DNS name in a pod's settings becomes), or by ModelDeployment.
            Optional<ServicePath.Target> direct = ServicePath.parse(uri.getRawPath());
            Route route = direct.map(t -> Router.service(snapshot.get(), t.namespace(), t.service(), t.port()))
                    .orElseGet(() -> Router.route(snapshot.get(), uri.getPath(),
                            exchange.getRequestHeaders().getFirst(Router.DEPLOYMENT_HEADER)));
            if (route instanceof Route.Refused refused) {
                reply(exchange, refused.status(), refused.message());
                return;
            }
            Route.To to = (Route.To) route;
            String[] emptyPool = new String[1];
            Optional<Route.Endpoint> endpoint = BackendPicker.pick(to.pools(), ThreadLocalRandom.current(), emptyPool);
            if (endpoint.isEmpty()) {
                reply(exchange, 503, "no ready pod behind " + emptyPool[0] + " for ModelDeployment " + to.deployment()
                        + "; see kubectl get pods -o wide");
                return;
            }
            forward(exchange, endpoint.get(), direct.map(ServicePath.Target::rest).orElse(uri.getRawPath()));
        }
    }

    private void forward(HttpExchange exchange, Route.Endpoint endpoint, String rawPath) throws IOException {
        URI uri = exchange.getRequestURI();
        URI target = URI.create("http://" + endpoint.ip() + ":" + endpoint.port() + rawPath
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(BACKEND_TIMEOUT)
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            reply(exchange, 502, "pod " + endpoint.namespace() + "/" + endpoint.pod() + " at " + endpoint.ip() + ":"
                    + endpoint.port() + " did not answer: " + e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 503, "the gateway is stopping");
            return;
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        exchange.getResponseHeaders().set(POD_HEADER, endpoint.namespace() + "/" + endpoint.pod());
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static void reply(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(java.util.Map.of("error", message));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        refresher.shutdownNow();
        workers.shutdownNow();
    }
}
