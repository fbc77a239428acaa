package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, scenario 1: a first ModelDeployment of the real PP-OCR text-orientation classifier is optimized
 * by the real optimizer (validated on a generated set of rendered text lines), served by the real runtime,
 * Healthy, and answers through the gateway with the right class for an upright and an upside-down line.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FirstDeploymentE2E {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void optimizedServedHealthyAndAnswersWithTheRightOrientation() throws Exception {
        // given the real model on the "models" claim and a generated validation set on the "datasets" claim
        Path dataset = E2ESandbox.prepareModelAndDataset(workDir);

        try (E2ESandbox sandbox = E2ESandbox.start(workDir)) {
            // when the ModelDeployment is applied
            assertThat(sandbox.api().call("POST", "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments",
                    "application/json", """
                    {"apiVersion": "kiln.dev/v1alpha1", "kind": "ModelDeployment", "metadata": {"name": "textdir"},
                     "spec": {"model": {"uri": "pvc://models/cls.onnx", "name": "textdir"},
                              "optimization": %s,
                              "serving": {"replicas": 2, "accelerator": "cpu"}}}""".formatted(
                            E2ESandbox.TEXT_ORIENTATION_OPTIMIZATION)).code()).isEqualTo(201);

            // then the real optimizer selects a variant and the real runtime serves it: Healthy, 2 of 2 ready
            JsonNode md = sandbox.awaitPhase("textdir", "Healthy", Duration.ofMinutes(4));
            assertThat(md.at("/status/readyReplicas").asInt()).isEqualTo(2);
            assertThat(md.at("/status/optimization/outcome").asText()).isEqualTo("Succeeded");
            assertThat(md.at("/status/optimization/variants").size()).isGreaterThan(0);

            // and through the gateway an upright line is class 0 and the same line turned 180 degrees is class 1
            BufferedImage upright = ImageIO.read(dataset.resolve("0").resolve("00000.png").toFile());
            HttpClient http = HttpClient.newHttpClient();
            assertThat(predictedClass(http, sandbox.gateway(), upright)).isEqualTo(0);
            assertThat(predictedClass(http, sandbox.gateway(), TextLines.turned180(upright))).isEqualTo(1);
        }
    }

    private static int predictedClass(HttpClient http, String gateway, BufferedImage line) throws Exception {
        ObjectNode request = JSON.createObjectNode();
        ObjectNode input = request.putArray("inputs").addObject();
        input.put("name", "x").put("datatype", "FP32");
        input.putArray("shape").add(1).add(3).add(TextLines.HEIGHT).add(TextLines.WIDTH);
        ArrayNode data = input.putArray("data");
        for (float v : TextLines.tensor(line)) {
            data.add(v);
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v2/models/textdir/infer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode scores = JSON.readTree(response.body()).at("/outputs/0/data");
        assertThat(scores.size()).isEqualTo(2);
        return scores.get(1).asDouble() > scores.get(0).asDouble() ? 1 : 0;
    }
}
