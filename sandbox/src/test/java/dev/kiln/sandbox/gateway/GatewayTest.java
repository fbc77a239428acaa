package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.sandbox.SandboxCluster;
import dev.kiln.sandbox.SandboxFixture;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a sandbox: a ModelDeployment's Service selects a (simulated) pod; a local HTTP
 * server on that pod's IP plays the runtime, so the request really travels gateway -> pod address.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void inferenceRequestReachesTheReadyPodBehindTheModelDeploymentsService() throws Exception {
        try (SandboxCluster cluster = SandboxFixture.start(workDir);
             Gateway gateway = Gateway.start(cluster.apiServer(), 0, Duration.ofMillis(100))) {
            SandboxApiServer api = cluster.apiServer();
            HttpClient http = HttpClient.newHttpClient();
            // given a ModelDeployment serving model "cls", its Service and one ready pod
            created(api.call("POST", "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments", "application/json", """
                    {"apiVersion": "kiln.dev/v1alpha1", "kind": "ModelDeployment", "metadata": {"name": "classifier"},
                     "spec": {"model": {"name": "cls", "uri": "pvc://models/cls.onnx"}}}"""));
            HttpResponse<String> early = awaitStatus(http, gateway.url() + "/v2/models/cls/infer", 503);
            assertThat(early.body()).contains("has no Service classifier yet");

            created(api.call("POST", "/api/v1/namespaces/default/services", "application/json", """
                    {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "classifier"},
                     "spec": {"selector": {"app": "cls"}, "ports": [{"port": 80, "targetPort": "http"}]}}"""));
            created(api.call("POST", "/apis/apps/v1/namespaces/default/deployments", "application/json", """
                    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "cls"},
                     "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "cls"}},
                       "template": {"metadata": {"labels": {"app": "cls"}},
                         "spec": {"containers": [{"name": "server", "image": "example/server:1",
                           "ports": [{"name": "http", "containerPort": 18080}]}]}}}}"""));
            String podIp = awaitPodIp(api);
            HttpServer fakePod = HttpServer.create(new InetSocketAddress(podIp, 18080), 0);
            fakePod.createContext("/", exchange -> {
                byte[] body = ("got " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            fakePod.start();
            try {
                // when
                HttpResponse<String> answer = awaitStatus(http, gateway.url() + "/v2/models/cls/infer?x=1", 200);

                // then it came from the pod, with method, path, query and body intact
                assertThat(answer.body()).isEqualTo("got POST /v2/models/cls/infer?x=1 {\"inputs\":[]}");
                assertThat(answer.headers().firstValue(Gateway.POD_HEADER)).hasValueSatisfying(v -> v.startsWith("default/cls-"));
                assertThat(post(http, gateway.url() + "/v2/models/other/infer", "{}").statusCode()).isEqualTo(404);
            } finally {
                fakePod.stop(0);
            }
        }
    }

    /**
     * The sandbox serves HTTPRoutes from the start and the gateway plays their controller: a Kiln route is
     * Accepted for each generation the operator writes.
     */
    @Test
    void kilnHttpRoutesAreServedAndAcceptedForEachGeneration() throws Exception {
        try (SandboxCluster cluster = SandboxFixture.start(workDir);
             Gateway gateway = Gateway.start(cluster.apiServer(), 0, Duration.ofMillis(100))) {
            SandboxApiServer api = cluster.apiServer();
            JsonNode resources = JSON.readTree(api.call("GET", "/apis/gateway.networking.k8s.io/v1", null, null).body());
            assertThat(resources.path("resources").findValuesAsText("name")).contains("httproutes", "httproutes/status");

            String route = "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/classifier";
            created(api.call("POST", "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes",
                    "application/json", """
                    {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                     "metadata": {"name": "classifier", "labels": {"kiln.dev/deployment": "classifier"}},
                     "spec": {"parentRefs": [{"name": "public"}],
                       "rules": [{"backendRefs": [{"name": "classifier-stable", "port": 8080, "weight": 100},
                                                  {"name": "classifier-canary", "port": 8080, "weight": 0}]}]}}"""));
            JsonNode accepted = awaitAccepted(api, route, 1);
            assertThat(accepted.at("/status/parents/0/parentRef/name").asText()).isEqualTo("public");

            // A weight change is a new generation, accepted in turn.
            assertThat(api.call("PATCH", route, "application/json-patch+json",
                    "[{\"op\": \"replace\", \"path\": \"/spec/rules/0/backendRefs/1/weight\", \"value\": 10}]").ok())
                    .isTrue();
            awaitAccepted(api, route, 2);
        }
    }

    private static JsonNode awaitAccepted(SandboxApiServer api, String route, long generation) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = JSON.readTree(api.call("GET", route, null, null).body());
            JsonNode condition = last.at("/status/parents/0/conditions/0");
            if (last.at("/metadata/generation").asLong() == generation && "Accepted".equals(condition.path("type").asText())
                    && "True".equals(condition.path("status").asText())
                    && condition.path("observedGeneration").asLong() == generation) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("route not Accepted for generation " + generation + " within 20 s: " + last);
    }

    /** The gateway follows the API server within its refresh period: poll until it answers {@code status}. */
    private static HttpResponse<String> awaitStatus(HttpClient http, String url, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = post(http, url, "{\"inputs\":[]}");
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + status + " from " + url + " within 20 s; last: " + last.statusCode() + " "
                + last.body());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String awaitPodIp(SandboxApiServer api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ApiResponse response = api.call("GET", "/api/v1/namespaces/default/pods?labelSelector=app%3Dcls", null, null);
            JsonNode items = JSON.readTree(response.body()).path("items");
            if (items.size() == 1 && items.get(0).at("/status/podIP").isTextual()) {
                return items.get(0).at("/status/podIP").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no pod IP within 20 s");
    }

    private static void created(ApiResponse response) {
        assertThat(response.code()).as(response.body()).isEqualTo(201);
    }
}
