package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gatewayAPI canary traffic for real: the operator finds the sandbox's HTTPRoute kind at start, owns a route
 * whose weights the sandbox gateway accepts and routes by, and a canary held at setWeight 50 answers about half
 * of the requests next to stable until it is promoted.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class GatewayTrafficE2E {

    private static final String MD = "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments/textroute";
    private static final String ROUTE = "/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes/textroute";

    @TempDir
    Path workDir;

    @Test
    void routeWeightsAreAcceptedAndSplitRealTrafficBetweenTheTracks() throws Exception {
        E2ESandbox.prepareModelAndDataset(workDir);
        try (E2ESandbox sandbox = E2ESandbox.start(workDir)) {
            assertThat(sandbox.api().call("POST", "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments",
                    "application/json", """
                    {"apiVersion": "kiln.dev/v1alpha1", "kind": "ModelDeployment", "metadata": {"name": "textroute"},
                     "spec": {"model": {"uri": "pvc://models/cls.onnx", "name": "textroute"},
                              "optimization": %s,
                              "serving": {"replicas": 1, "accelerator": "cpu"},
                              "rollout": {"steps": [{"setWeight": 50}, {"pause": {}}],
                                "traffic": {"gatewayAPI": {"parentRefs": [{"name": "sandbox"}]}}}}}"""
                    .formatted(optimization("[\"graph\"]"))).code())
                    .isEqualTo(201);

            // The first revision serves through the route, all weight on <name>-stable, Accepted by the gateway.
            JsonNode healthy = sandbox.awaitPhase("textroute", "Healthy", Duration.ofMinutes(3));
            String stable = healthy.at("/status/stableRevision").asText();
            JsonNode route = sandbox.await(ROUTE, r -> accepted(r), Duration.ofSeconds(30));
            assertThat(route.at("/spec/rules/0/backendRefs/0/name").asText()).isEqualTo("textroute-stable");
            assertThat(route.at("/spec/rules/0/backendRefs/0/weight").asInt()).isEqualTo(100);
            HttpClient http = HttpClient.newHttpClient();
            assertThat(answeringRevisions(http, sandbox, 10)).containsExactly(stable);

            // A new revision walks to setWeight 50 once its pod is Ready and the gateway accepted the weights.
            JsonNode patched = sandbox.get(MD);
            assertThat(sandbox.api().call("PATCH", MD, "application/merge-patch+json",
                    "{\"spec\": {\"optimization\": " + optimization("[\"graph\", \"int8-dynamic\"]") + "}}").ok())
                    .isTrue();
            JsonNode paused = sandbox.await(MD, m -> "Paused".equals(m.at("/status/phase").asText())
                    && m.at("/status/rollout/achievedWeight").asInt(-1) == 50, Duration.ofMinutes(3));
            String canary = paused.at("/status/rollout/canaryRevision").asText();
            assertThat(canary).isNotEqualTo(stable);
            assertThat(paused.at("/metadata/generation").asLong()).isGreaterThan(patched.at("/metadata/generation").asLong());
            route = sandbox.await(ROUTE, r -> accepted(r), Duration.ofSeconds(30));
            assertThat(route.at("/spec/rules/0/backendRefs/1/weight").asInt()).isEqualTo(50);
            assertThat(answeringRevisions(http, sandbox, 40)).as("both tracks answer at 50/50")
                    .containsExactlyInAnyOrder(stable, canary);
            assertThat(sandbox.get("/apis/apps/v1/namespaces/default/deployments/textroute-" + stable)
                    .at("/spec/replicas").asInt()).as("stable keeps its replicas in gatewayAPI mode").isEqualTo(1);

            // Promoted by hand: everything goes to the new revision through <name>-stable.
            assertThat(sandbox.api().call("PATCH", MD, "application/merge-patch+json",
                    "{\"metadata\": {\"annotations\": {\"kiln.dev/promote\": \"true\"}}}").ok()).isTrue();
            sandbox.await(MD, m -> canary.equals(m.at("/status/stableRevision").asText())
                    && "Healthy".equals(m.at("/status/phase").asText()), Duration.ofMinutes(1));
            sandbox.await(ROUTE, r -> accepted(r) && r.at("/spec/rules/0/backendRefs/1/weight").asInt() == 0,
                    Duration.ofSeconds(30));
            assertThat(sandbox.get("/api/v1/namespaces/default/services/textroute-stable")
                    .at("/spec/selector").path("kiln.dev/revision").asText()).isEqualTo(canary);
            assertThat(answeringRevisions(http, sandbox, 10)).containsExactly(canary);
        }
    }

    /** The e2e tests' validated optimization, with fixed passes rather than auto, to keep each Job short. */
    private static String optimization(String passes) {
        return E2ESandbox.TEXT_ORIENTATION_OPTIMIZATION.replace("[\"auto\"]", passes);
    }

    private static boolean accepted(JsonNode route) {
        JsonNode condition = route.at("/status/parents/0/conditions/0");
        return "True".equals(condition.path("status").asText())
                && condition.path("observedGeneration").asLong() == route.at("/metadata/generation").asLong();
    }

    /** The revisions of the pods that answered {@code requests} model-metadata calls through the gateway. */
    private static Set<String> answeringRevisions(HttpClient http, E2ESandbox sandbox, int requests) throws Exception {
        Set<String> revisions = new HashSet<>();
        // The gateway reads routes and pods every 200 ms: give a fresh change a moment to reach it.
        Thread.sleep(500);
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(sandbox.gateway() + "/v2/models/textroute")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String pod = response.headers().firstValue("Kiln-Pod").orElseThrow();
            JsonNode labels = sandbox.get("/api/v1/namespaces/" + pod.replace("/", "/pods/")).at("/metadata/labels");
            revisions.add(labels.path("kiln.dev/revision").asText());
        }
        return revisions;
    }
}
