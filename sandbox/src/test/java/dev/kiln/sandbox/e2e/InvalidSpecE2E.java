package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, scenario 5 (first half): an invalid spec is reported with InvalidSpec and nothing is created for
 * it. The second half (a serving revision keeps serving) needs a served revision, which needs the runtime's
 * optimize; it belongs to the scenario once that lands.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InvalidSpecE2E {

    @TempDir
    Path workDir;

    @Test
    void invalidSpecIsReportedWithInvalidSpecAndNothingIsCreatedForIt() throws Exception {
        try (E2ESandbox sandbox = E2ESandbox.start(workDir)) {
            // given the sandbox with the operator running

            // when a ModelDeployment whose model path climbs out of its claim is applied
            assertThat(sandbox.api().call("POST", "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments",
                    "application/json", """
                    {"apiVersion": "kiln.dev/v1alpha1", "kind": "ModelDeployment", "metadata": {"name": "escape"},
                     "spec": {"model": {"name": "escape", "uri": "pvc://models/../secrets/model.onnx"}}}""").code())
                    .isEqualTo(201);

            // then the operator reports it Stalled with reason InvalidSpec, naming the field and the fix
            JsonNode md = sandbox.await("/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments/escape",
                    m -> stalledReason(m).equals("InvalidSpec"), Duration.ofSeconds(90));
            String message = condition(md, "Stalled").path("message").asText();
            assertThat(message).contains("spec.model.uri").contains("..");
            assertThat(md.at("/status/observedGeneration").asLong()).isEqualTo(md.at("/metadata/generation").asLong(1));

            // and no optimization Job, no Deployment, no Service was created for it
            String selector = "?labelSelector=kiln.dev%2Fdeployment%3Descape";
            assertThat(sandbox.get("/apis/batch/v1/namespaces/default/jobs" + selector).path("items")).isEmpty();
            assertThat(sandbox.get("/apis/apps/v1/namespaces/default/deployments" + selector).path("items")).isEmpty();
            assertThat(sandbox.get("/api/v1/namespaces/default/services" + selector).path("items")).isEmpty();
        }
    }

    private static String stalledReason(JsonNode md) {
        JsonNode stalled = condition(md, "Stalled");
        return "True".equals(stalled.path("status").asText()) ? stalled.path("reason").asText() : "";
    }

    private static JsonNode condition(JsonNode md, String type) {
        for (JsonNode c : md.at("/status/conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
