package dev.kiln.sandbox.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.ApiPolls;
import dev.kiln.sandbox.SandboxCluster;
import dev.kiln.sandbox.SandboxFixture;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import dev.kiln.sandbox.nodes.NodeInventory;
import dev.kiln.sandbox.process.ChildProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pods of the runtime image become real processes: a fake runtime (a single-file Java program, so the
 * test needs no built runtime jar) stands in for the image's entrypoint.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProcessKubeletTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = "kiln-runtime:test";

    @TempDir
    Path workDir;

    @Test
    void jobPodRunsAsAProcessAndReportsExitCodeAndTerminationMessage() throws Exception {
        try (SandboxCluster cluster = start()) {
            SandboxApiServer api = cluster.apiServer();
            // given a plan ConfigMap and a Job running the runtime image on the GPU node
            created(api.call("POST", "/api/v1/namespaces/default/configmaps", "application/json", """
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "plan"}, "data": {"plan.json": "{\\"p\\":1}"}}"""));
            // when
            created(api.call("POST", "/apis/batch/v1/namespaces/default/jobs", "application/json", """
                    {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "opt"},
                     "spec": {"backoffLimit": 0, "template": {"spec": {"restartPolicy": "Never",
                       "nodeSelector": {"nvidia.com/gpu.present": "true"},
                       "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
                       "containers": [{"name": "optimize", "image": "%s",
                         "args": ["optimize", "--plan", "/kiln/plan/plan.json", "--termination-log", "/dev/termination-log",
                                  "--ep", "cuda"],
                         "terminationMessagePath": "/dev/termination-log",
                         "volumeMounts": [{"name": "plan", "mountPath": "/kiln/plan"}]}],
                       "volumes": [{"name": "plan", "configMap": {"name": "plan"}}]}}}}""".formatted(IMAGE)));

            // then the process read the mapped plan, ran with cpu, and its exit code and message are on the pod
            JsonNode pod = await(api, "/api/v1/namespaces/default/pods/opt-0", p -> "Failed".equals(p.at("/status/phase").asText()));
            JsonNode terminated = pod.at("/status/containerStatuses/0/state/terminated");
            assertThat(terminated.path("exitCode").asInt()).isEqualTo(4);
            assertThat(terminated.path("message").asText()).isEqualTo("ep=cpu plan={\"p\":1}");
            assertThat(pod.at("/metadata/annotations").path(ProcessKubelet.REQUESTED_EP_ANNOTATION).asText()).isEqualTo("cuda");
            assertThat(pod.at("/metadata/annotations").path(ProcessKubelet.EP_ANNOTATION).asText()).isEqualTo("cpu");
            JsonNode events = get(api, "/api/v1/namespaces/default/events");
            assertThat(events.path("items")).anySatisfy(e -> {
                assertThat(e.path("reason").asText()).isEqualTo("ExecutionProviderReplaced");
                assertThat(e.at("/involvedObject/name").asText()).isEqualTo("opt-0");
            });
            await(api, "/apis/batch/v1/namespaces/default/jobs/opt", j -> j.at("/status/failed").asInt() == 1);
        }
    }

    @Test
    void servingPodIsReadyWhenItsProbePassesAndStopsWhenDeleted() throws Exception {
        try (SandboxCluster cluster = start()) {
            SandboxApiServer api = cluster.apiServer();
            created(api.call("POST", "/apis/apps/v1/namespaces/default/deployments", "application/json", """
                    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "srv"},
                     "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "srv"}},
                       "template": {"metadata": {"labels": {"app": "srv"}},
                         "spec": {"containers": [{"name": "server", "image": "%s",
                           "args": ["serve", "--port", "8080", "--ep", "cpu"],
                           "ports": [{"name": "http", "containerPort": 8080}],
                           "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}}}]}}}}""".formatted(IMAGE)));

            await(api, "/apis/apps/v1/namespaces/default/deployments/srv", d -> d.at("/status/readyReplicas").asInt() == 1);
            JsonNode pod = get(api, "/api/v1/namespaces/default/pods?labelSelector=app%3Dsrv").path("items").get(0);
            String ip = pod.at("/status/podIP").asText();
            assertThat(pod.at("/status/phase").asText()).isEqualTo("Running");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo("ep=cpu");

            // when the Deployment goes, its pod and the process go too
            assertThat(api.call("DELETE", "/apis/apps/v1/namespaces/default/deployments/srv", null, "").ok()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean stopped = false;
            while (!stopped && System.nanoTime() < deadline) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/x")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    Thread.sleep(100);
                } catch (java.io.IOException e) {
                    stopped = true;
                }
            }
            assertThat(stopped).as("the serving process stopped after its pod was deleted").isTrue();
        }
    }

    /**
     * A running pod sees its ConfigMap change without a restart: the file is replaced whole, with Service URLs
     * rewritten to the gateway's service-addressed paths.
     */
    @Test
    void configMapChangesReachARunningPodsFilesWithServiceUrlsRewritten() throws Exception {
        ServiceAddresses services = new ServiceAddresses();
        services.routeThrough("http://127.0.0.1:7000");
        try (SandboxCluster cluster = start(services)) {
            SandboxApiServer api = cluster.apiServer();
            created(api.call("POST", "/api/v1/namespaces/default/configmaps", "application/json", """
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "srv-shadow"},
                     "data": {"shadow.json": "{\\"fraction\\":0.0}"}}"""));
            created(api.call("POST", "/apis/apps/v1/namespaces/default/deployments", "application/json", """
                    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "srv"},
                     "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "srv"}},
                       "template": {"metadata": {"labels": {"app": "srv"}},
                         "spec": {"containers": [{"name": "server", "image": "%s",
                           "args": ["serve", "--port", "8080", "--ep", "cpu"],
                           "ports": [{"name": "http", "containerPort": 8080}],
                           "volumeMounts": [{"name": "shadow", "mountPath": "/etc/kiln/shadow", "readOnly": true}]}],
                         "volumes": [{"name": "shadow", "configMap": {"name": "srv-shadow", "optional": true}}]}}}}"""
                    .formatted(IMAGE)));
            await(api, "/apis/apps/v1/namespaces/default/deployments/srv", d -> d.at("/status/readyReplicas").asInt() == 1);
            JsonNode pod = get(api, "/api/v1/namespaces/default/pods?labelSelector=app%3Dsrv").path("items").get(0);
            String name = pod.at("/metadata/name").asText();
            String uid = pod.at("/metadata/uid").asText();
            Path file = workDir.resolve("data").resolve("pods").resolve("default").resolve(name)
                    .resolve("volumes").resolve("shadow").resolve("shadow.json");
            assertThat(Files.readString(file)).isEqualTo("{\"fraction\":0.0}");

            assertThat(api.call("PUT", "/api/v1/namespaces/default/configmaps/srv-shadow", "application/json", """
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "srv-shadow"},
                     "data": {"shadow.json": "{\\"url\\":\\"http://srv-canary.default.svc:8080\\",\\"fraction\\":0.5}"}}""")
                    .ok()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String expected = "{\"url\":\"http://127.0.0.1:7000/services/default/srv-canary:8080\",\"fraction\":0.5}";
            while (!expected.equals(Files.readString(file)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(file)).isEqualTo(expected);
            JsonNode same = get(api, "/api/v1/namespaces/default/pods?labelSelector=app%3Dsrv").path("items").get(0);
            assertThat(same.at("/metadata/uid").asText()).as("the pod was not replaced").isEqualTo(uid);
            assertThat(same.at("/status/phase").asText()).isEqualTo("Running");
        }
    }

    private SandboxCluster start() throws Exception {
        return start(new ServiceAddresses());
    }

    private SandboxCluster start(ServiceAddresses services) throws Exception {
        Path source = workDir.resolve("FakeRuntime.java");
        try (InputStream in = getClass().getResourceAsStream("FakeRuntime.java.txt")) {
            Files.copy(in, source);
        }
        KilnRuntime runtime = new KilnRuntime(KilnRuntime.repository(IMAGE), List.of(ChildProcess.javaExecutable(), source.toString()),
                workDir.resolve("data"));
        return SandboxCluster.start(0, SandboxFixture.crdsDir(), NodeInventory.defaults(), workDir.resolve("kubeconfig"),
                Clock.systemUTC(), runtime, services);
    }

    private static void created(ApiResponse response) {
        assertThat(response.code()).as(response.body()).isEqualTo(201);
    }

    private static JsonNode await(SandboxApiServer api, String path, Predicate<JsonNode> condition) throws Exception {
        return ApiPolls.await(api, path, condition, Duration.ofSeconds(40));
    }

    private static JsonNode get(SandboxApiServer api, String path) throws Exception {
        ApiResponse response = api.call("GET", path, null, null);
        assertThat(response.ok()).as(path + ": " + response.body()).isTrue();
        return JSON.readTree(response.body());
    }
}
