package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.sandbox.kubelet.ProcessKubelet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, scenario 6: a GPU deployment lands on the GPU node with the GPU class's image, device limit and
 * {@code --ep cuda} in its pod spec; the sandbox, which has no GPU, runs it with the CPU provider and says so
 * on the pod (annotation and event).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class GpuDeploymentE2E {

    @TempDir
    Path workDir;

    @Test
    void gpuDeploymentLandsOnTheGpuNodeAndRunsWithCpuRecordedOnThePod() throws Exception {
        // given the real model and a validation set on their claims
        E2ESandbox.prepareModelAndDataset(workDir);

        try (E2ESandbox sandbox = E2ESandbox.start(workDir)) {
            // when a ModelDeployment asks for the nvidia-gpu accelerator class
            assertThat(sandbox.api().call("POST", "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments",
                    "application/json", """
                    {"apiVersion": "kiln.dev/v1alpha1", "kind": "ModelDeployment", "metadata": {"name": "gpu-cls"},
                     "spec": {"model": {"uri": "pvc://models/cls.onnx", "name": "gpu-cls"},
                              "optimization": %s,
                              "serving": {"replicas": 1, "accelerator": "nvidia-gpu"}}}""".formatted(
                            E2ESandbox.TEXT_ORIENTATION_OPTIMIZATION)).code()).isEqualTo(201);

            // then it becomes Healthy
            sandbox.awaitPhase("gpu-cls", "Healthy", Duration.ofMinutes(4));

            // and its serving pod is on the GPU node with the class's image, the GPU limit and --ep cuda in its spec
            JsonNode pods = sandbox.get("/api/v1/namespaces/default/pods?labelSelector=kiln.dev%2Fdeployment%3Dgpu-cls");
            JsonNode server = null;
            for (JsonNode pod : pods.path("items")) {
                if (pod.at("/spec/restartPolicy").asText("Always").equals("Always")) {
                    server = pod;
                }
            }
            assertThat(server).as("a serving pod in " + pods).isNotNull();
            JsonNode container = server.at("/spec/containers/0");
            assertThat(server.at("/spec/nodeName").asText()).isEqualTo("gpu-1");
            assertThat(container.path("image").asText()).isEqualTo("kiln-runtime:0.1.0-cuda");
            assertThat(container.at("/resources/limits").path("nvidia.com/gpu").asText()).isEqualTo("1");
            assertThat(container.path("args").toString()).contains("\"--ep\",\"cuda\"");

            // and the sandbox ran it with cpu, recorded on the pod
            JsonNode annotations = server.at("/metadata/annotations");
            assertThat(annotations.path(ProcessKubelet.REQUESTED_EP_ANNOTATION).asText()).isEqualTo("cuda");
            assertThat(annotations.path(ProcessKubelet.EP_ANNOTATION).asText()).isEqualTo("cpu");
            String podName = server.at("/metadata/name").asText();
            assertThat(sandbox.get("/api/v1/namespaces/default/events").path("items")).anySatisfy(e -> {
                assertThat(e.at("/involvedObject/name").asText()).isEqualTo(podName);
                assertThat(e.path("reason").asText()).isEqualTo("ExecutionProviderReplaced");
            });
        }
    }
}
