package dev.kiln.sandbox.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.SandboxCluster;
import dev.kiln.sandbox.SandboxFixture;
import dev.kiln.sandbox.apiserver.ApiResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner against a running API server: objects written over the API become placed, running pods. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkloadRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void deploymentAndGpuJobBecomePlacedPodsWithTrueStatus() throws Exception {
        try (SandboxCluster cluster = SandboxFixture.start(workDir)) {
            var api = cluster.apiServer();
            assertThat(api.call("POST", "/apis/apps/v1/namespaces/default/deployments", "application/json", """
                    {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                     "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                       "template": {"metadata": {"labels": {"app": "web"}},
                         "spec": {"containers": [{"name": "web", "image": "example/web:1",
                           "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}}}""").code()).isEqualTo(201);
            assertThat(api.call("POST", "/apis/batch/v1/namespaces/default/jobs", "application/json", """
                    {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "fp16"},
                     "spec": {"template": {"spec": {"restartPolicy": "Never",
                       "nodeSelector": {"nvidia.com/gpu.present": "true"},
                       "tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}],
                       "containers": [{"name": "optimize", "image": "example/optimizer:1",
                         "resources": {"limits": {"nvidia.com/gpu": "1"}}}]}}}}""").code()).isEqualTo(201);

            JsonNode deployment = await(api, "/apis/apps/v1/namespaces/default/deployments/web",
                    d -> d.at("/status/readyReplicas").asInt() == 2);
            assertThat(deployment.at("/status/conditions/0/type").asText()).isEqualTo("Available");
            assertThat(deployment.at("/status/conditions/0/status").asText()).isEqualTo("True");

            JsonNode pods = get(api, "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
            assertThat(pods.path("items")).hasSize(2).allSatisfy(pod -> {
                assertThat(pod.at("/spec/nodeName").asText()).startsWith("cpu-");
                assertThat(pod.at("/status/phase").asText()).isEqualTo("Running");
                assertThat(pod.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Deployment");
            });

            JsonNode job = await(api, "/apis/batch/v1/namespaces/default/jobs/fp16",
                    j -> j.at("/status/succeeded").asInt() == 1);
            assertThat(job.at("/status/conditions/0/type").asText()).isEqualTo("Complete");
            JsonNode jobPod = get(api, "/api/v1/namespaces/default/pods/fp16-0");
            assertThat(jobPod.at("/spec/nodeName").asText()).isEqualTo("gpu-1");
            assertThat(jobPod.at("/status/phase").asText()).isEqualTo("Succeeded");
        }
    }

    private static JsonNode await(dev.kiln.sandbox.apiserver.SandboxApiServer api, String path,
                                  Predicate<JsonNode> condition) throws Exception {
        return dev.kiln.sandbox.ApiPolls.await(api, path, condition, java.time.Duration.ofSeconds(20));
    }

    private static JsonNode get(dev.kiln.sandbox.apiserver.SandboxApiServer api, String path) throws Exception {
        ApiResponse response = api.call("GET", path, null, null);
        assertThat(response.ok()).as(path + ": " + response.body()).isTrue();
        return JSON.readTree(response.body());
    }
}
