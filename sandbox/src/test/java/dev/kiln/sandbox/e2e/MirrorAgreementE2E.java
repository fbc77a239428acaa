package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import dev.kiln.sandbox.load.TextLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6's mirror step for real: a second revision of the real classifier (another optimization) runs as the
 * canary; the mirror step turns on shadow traffic on the running stable pod through the {@code <name>-shadow}
 * ConfigMap (re-synced into the pod's folder by the sandbox kubelet, the canary Service's DNS name rewritten to
 * the gateway); the stable runtime mirrors half of the real requests it serves to the canary and compares the
 * answers; the analysis measures that agreement from the stable pod's counters and the canary is promoted.
 * The stable pod is the same process throughout, and no client request fails.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class MirrorAgreementE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MD = "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments/textdir";
    private static final String SHADOW = "/api/v1/namespaces/default/configmaps/textdir-shadow";

    @TempDir
    Path workDir;

    @Test
    void mirrorStepMeasuresRealAgreementOnTheStablePodAndThenPromotes() throws Exception {
        Path dataset = E2ESandbox.prepareModelAndDataset(workDir);
        List<String> requests = requests(dataset);

        try (E2ESandbox sandbox = E2ESandbox.start(workDir)) {
            assertThat(sandbox.api().call("POST", "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments",
                    "application/json", """
                    {"apiVersion": "kiln.dev/v1alpha1", "kind": "ModelDeployment", "metadata": {"name": "textdir"},
                     "spec": {"model": {"uri": "pvc://models/cls.onnx", "name": "textdir"},
                              "optimization": %s,
                              "serving": {"replicas": 1, "accelerator": "cpu",
                                          "env": [{"name": "QUARKUS_LOG_CATEGORY__DEV_KILN_RUNTIME_SERVE_SHADOW__LEVEL",
                                                   "value": "DEBUG"}]},
                              "rollout": {"steps": [{"mirror": {"fraction": 0.5}}, {"analysis": {"count": 2}}],
                                          "analysis": {"interval": "10s", "failureLimit": 1, "consecutiveSuccesses": 2,
                                                       "minSamples": 20,
                                                       "metrics": [{"name": "agreement", "type": "agreement", "min": 0.9}]},
                                          "progressDeadlineSeconds": 180, "scaleDownDelaySeconds": 60}}}""".formatted(
                            E2ESandbox.TEXT_ORIENTATION_OPTIMIZATION)).code()).isEqualTo(201);
            String stable = sandbox.awaitPhase("textdir", "Healthy", Duration.ofMinutes(3))
                    .at("/status/stableRevision").asText();
            JsonNode stablePod = servingPods(sandbox, stable).get(0);
            assertThat(stablePod.at("/metadata/annotations").path("sandbox.kiln.dev/log").asText()).isNotEmpty();
            String stableUid = stablePod.at("/metadata/uid").asText();

            try (Load load = Load.start(sandbox.gateway(), requests)) {
                // A second revision: another optimization of the same model.
                assertThat(sandbox.api().call("PATCH", MD, SandboxApiServer.MERGE_PATCH,
                        "{\"spec\":{\"optimization\":{\"passes\":[\"graph\",\"int8-dynamic\"]}}}").ok()).isTrue();

                // The mirror step: the stable pod's settings file says mirror half to the canary, via the gateway.
                JsonNode shadow = sandbox.await(SHADOW, cm -> cm.at("/data/shadow.json").asText().contains("0.5"),
                        Duration.ofMinutes(3));
                JsonNode settings = JSON.readTree(shadow.at("/data/shadow.json").asText());
                assertThat(settings.path("url").asText()).isEqualTo("http://textdir-canary.default.svc:8080");
                assertThat(settings.path("revision").asText()).isEqualTo(stable);
                Path file = E2ESandbox.dataDir(workDir).resolve("pods").resolve("default")
                        .resolve(stablePod.at("/metadata/name").asText()).resolve("volumes").resolve("shadow-config")
                        .resolve("shadow.json");
                awaitFile(file, "/services/default/textdir-canary:8080");
                // What the rewritten URL stands for: the gateway reaches the canary Service's ready pods.
                awaitCanaryThroughGateway(sandbox);

                // Mirroring is on and measured: no client request has failed so far.
                sandbox.await(MD, md -> md.at("/status/rollout/stepAnalysis/conclusiveMeasurements").asInt() >= 1
                        || !"Progressing".equals(md.at("/status/rollout/phase").asText()), Duration.ofMinutes(3));
                assertThat(List.copyOf(load.failures)).as("client requests that failed while mirroring").isEmpty();

                // The analysis measures agreement from the stable pod's counters, and the canary is promoted.
                JsonNode promoted = sandbox.await(MD, md -> {
                    String now = md.at("/status/stableRevision").asText();
                    return !now.isEmpty() && !now.equals(stable) || "RolledBack".equals(md.at("/status/rollout/phase").asText());
                }, Duration.ofMinutes(4));
                JsonNode rollout = promoted.at("/status/rollout");
                assertThat(rollout.path("phase").asText()).as("%s\nstable pod log ends with:\n%s\ncanary pods:%s", rollout,
                        logTail(stablePod), podReport(sandbox, rollout.path("canaryRevision").asText()))
                        .isEqualTo("Promoted");
                JsonNode agreement = rollout.at("/lastAnalysis/0");
                assertThat(agreement.path("metric").asText()).isEqualTo("agreement");
                assertThat(agreement.path("verdict").asText()).as(agreement.toString()).isEqualTo("Successful");
                assertThat(agreement.path("samples").asLong()).isGreaterThanOrEqualTo(20);
                assertThat(agreement.path("canaryValue").asDouble()).isBetween(0.9, 1.0);
                System.out.println("mirror e2e: measured agreement " + agreement);

                // The stable pod served and mirrored all along: the same pod, with comparisons on its counters.
                JsonNode oldStable = servingPods(sandbox, stable).get(0);
                assertThat(oldStable.at("/metadata/uid").asText()).isEqualTo(stableUid);
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                                + oldStable.at("/status/podIP").asText() + ":8080/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(comparisons(metrics, "agree") + comparisons(metrics, "disagree")).isGreaterThanOrEqualTo(20);

                // Mirroring stops with the promotion.
                sandbox.await(SHADOW, cm -> cm.at("/data/shadow.json").asText().equals("{\"fraction\":0.0}"),
                        Duration.ofSeconds(30));
                load.stop();
                assertThat(load.ok.get()).isGreaterThan(40);
                // Not asserted: at the promotion the Service switches revisions, and the sandbox has been seen to
                // answer a few requests 503 "no ready pod" in that window (see the sandbox README).
                System.out.println("mirror e2e: " + load.ok.get() + " requests answered, failed after mirroring: "
                        + load.failures);
            }
        }
    }

    private static List<JsonNode> servingPods(E2ESandbox sandbox, String revision) throws Exception {
        List<JsonNode> pods = new ArrayList<>();
        for (JsonNode pod : sandbox.get("/api/v1/namespaces/default/pods").path("items")) {
            if (revision.equals(pod.at("/metadata/labels").path("kiln.dev/revision").asText())
                    && "server".equals(pod.at("/metadata/labels").path("kiln.dev/component").asText())) {
                pods.add(pod);
            }
        }
        assertThat(pods).as("serving pods of revision " + revision).isNotEmpty();
        return pods;
    }

    private static void awaitCanaryThroughGateway(E2ESandbox sandbox) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create(sandbox.gateway() + "/services/default/textdir-canary:8080/v2/health/ready");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        StringBuilder pods = new StringBuilder();
        for (JsonNode pod : sandbox.get("/api/v1/namespaces/default/pods").path("items")) {
            pods.append('\n').append(pod.at("/metadata/name").asText()).append(' ').append(pod.at("/metadata/labels"))
                    .append(' ').append(pod.at("/status/podIP")).append(' ').append(pod.at("/status/conditions"))
                    .append(' ').append(pod.at("/spec/containers/0/ports"));
        }
        throw new AssertionError("the canary Service does not answer through the gateway: " + last.statusCode() + " "
                + last.body() + "\nService: " + sandbox.get("/api/v1/namespaces/default/services/textdir-canary")
                + "\npods:" + pods);
    }

    /** A revision's serving pods with their status and the end of their logs, for a failure message. */
    private static String podReport(E2ESandbox sandbox, String revision) {
        StringBuilder report = new StringBuilder();
        try {
            for (JsonNode pod : sandbox.get("/api/v1/namespaces/default/pods").path("items")) {
                if (revision.equals(pod.at("/metadata/labels").path("kiln.dev/revision").asText())) {
                    report.append('\n').append(pod.at("/metadata/name").asText()).append(' ')
                            .append(pod.at("/status")).append("\nlog ends with:\n").append(logTail(pod));
                }
            }
        } catch (Exception e) {
            report.append("(cannot list pods: ").append(e).append(')');
        }
        return report.toString();
    }

    /** The end of a pod's process log (shadow calls are logged at debug, switched on in the spec's env). */
    private static String logTail(JsonNode pod) {
        try {
            String text = Files.readString(Path.of(pod.at("/metadata/annotations").path("sandbox.kiln.dev/log").asText()));
            return text.substring(Math.max(0, text.length() - 4000));
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static double comparisons(String metrics, String result) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("kiln_shadow_comparisons_total{") && line.contains("result=\"" + result + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static void awaitFile(Path file, String fragment) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file) && Files.readString(file).contains(fragment)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(file + " does not contain " + fragment + " within 30 s: "
                + (Files.isRegularFile(file) ? Files.readString(file) : "(absent)"));
    }

    /** Upright and turned lines of the generated set as OIP JSON requests. */
    private static List<String> requests(Path dataset) throws Exception {
        List<String> bodies = new ArrayList<>();
        List<Path> lines;
        try (var files = Files.list(dataset.resolve("0"))) {
            lines = files.filter(f -> f.toString().endsWith(".png")).sorted().limit(4).toList();
        }
        assertThat(lines).hasSize(4);
        for (Path line : lines) {
            BufferedImage upright = ImageIO.read(line.toFile());
            bodies.add(request(upright));
            bodies.add(request(TextLines.turned180(upright)));
        }
        return bodies;
    }

    private static String request(BufferedImage line) {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject();
        input.put("name", "x").put("datatype", "FP32");
        input.putArray("shape").add(1).add(3).add(TextLines.HEIGHT).add(TextLines.WIDTH);
        ArrayNode data = input.putArray("data");
        for (float v : TextLines.tensor(line)) {
            data.add(v);
        }
        return request.toString();
    }

    /** Client traffic through the gateway, one request at a time, bounded in count and time. */
    private static final class Load implements AutoCloseable {
        private static final int MAX_REQUESTS = 20_000;
        private static final Duration MAX_TIME = Duration.ofMinutes(6);

        final AtomicInteger ok = new AtomicInteger();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private Load(String gateway, List<String> bodies) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI uri = URI.create(gateway + "/v2/models/textdir/infer");
            long end = System.nanoTime() + MAX_TIME.toNanos();
            thread = new Thread(() -> {
                for (int i = 0; i < MAX_REQUESTS && running.get() && System.nanoTime() < end; i++) {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else if (failures.size() < 20) {
                            failures.add(response.statusCode() + " " + response.body());
                        }
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        if (failures.size() < 20) {
                            failures.add(e.toString());
                        }
                    }
                }
            }, "mirror-e2e-load");
            thread.setDaemon(true);
        }

        static Load start(String gateway, List<String> bodies) {
            Load load = new Load(gateway, bodies);
            load.thread.start();
            return load;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(15_000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
