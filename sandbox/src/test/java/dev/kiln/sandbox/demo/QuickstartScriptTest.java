package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.sandbox.SandboxFixture;
import dev.kiln.sandbox.apiserver.MergePatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped quickstart (examples/quickstart.yaml and examples/quickstart/) tells the story the demo expects. */
class QuickstartScriptTest {

    private final List<QuickstartRevision> revisions = QuickstartScript.load(SandboxFixture.examplesDir());

    @Test
    void threeRevisionsOfOneModelDeploymentServedThenRolledBackThenPromoted() {
        assertThat(revisions).extracting(QuickstartRevision::expectation)
                .containsExactly(Expectation.SERVED, Expectation.ROLLED_BACK, Expectation.PROMOTED);
        assertThat(revisions).extracting(QuickstartRevision::name).containsOnly("text-orientation");
        assertThat(revisions.get(0).file().getFileName().toString()).isEqualTo("quickstart.yaml");
    }

    @Test
    void eachLaterRevisionChangesTheModelSoItIsANewRevisionThatRunsAsACanary() {
        // Serving settings alone are not a new revision (the operator updates the pods in place): each step
        // of the story must change the model to get a canary.
        assertThat(revisions.get(1).changesFrom(revisions.get(0))).containsExactly(
                "spec.model.uri: pvc://models/text-orientation/v1/model.onnx -> pvc://models/text-orientation/v2/model.onnx",
                "spec.serving.batchDelayMicros: (unset) -> 250000",
                "spec.serving.maxBatch: (unset) -> 8");
        assertThat(revisions.get(2).changesFrom(revisions.get(1))).containsExactly(
                "spec.model.uri: pvc://models/text-orientation/v2/model.onnx -> pvc://models/text-orientation/v3/model.onnx",
                "spec.serving.batchDelayMicros: 250000 -> (unset)",
                "spec.serving.maxBatch: 8 -> (unset)");
    }

    @Test
    void theRegressionWaitsLongerThanTheLatencyThresholdAllows() {
        JsonNode regression = revisions.get(1).spec();
        double waitMillis = regression.at("/serving/batchDelayMicros").asDouble() / 1000;
        double maxMillis = regression.at("/rollout/analysis/metrics/0/max").asDouble();
        assertThat(regression.at("/rollout/analysis/metrics/0/type").asText()).isEqualTo("latency");
        assertThat(waitMillis).isGreaterThan(maxMillis);
        assertThat(regression.at("/serving/maxBatch").asInt()).isGreaterThan(1);
    }

    @Test
    void eachPatchTurnsThePreviousSpecIntoTheNextFile() {
        for (int i = 1; i < revisions.size(); i++) {
            QuickstartRevision previous = revisions.get(i - 1);
            QuickstartRevision next = revisions.get(i);
            JsonNode patched = MergePatch.apply(previous.manifest(), next.specPatchFrom(previous));
            assertThat(patched.path("spec")).as(next.file().toString()).isEqualTo(next.spec());
        }
    }

    @Test
    void aRevisionOfAnotherModelDeploymentIsRefusedNamingTheFile(@TempDir Path examples) throws Exception {
        Path shipped = SandboxFixture.examplesDir();
        Files.createDirectories(examples.resolve("quickstart"));
        Files.copy(shipped.resolve("quickstart.yaml"), examples.resolve("quickstart.yaml"));
        Files.writeString(examples.resolve("quickstart/2-batching-regression.yaml"),
                Files.readString(shipped.resolve("quickstart/2-batching-regression.yaml"))
                        .replace("name: text-orientation\n", "name: other\n"));
        Files.copy(shipped.resolve("quickstart/3-v3-promoted.yaml"), examples.resolve("quickstart/3-v3-promoted.yaml"));

        assertThatThrownBy(() -> QuickstartScript.load(examples))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2-batching-regression.yaml: metadata.name is 'other'");
    }

    @Test
    void aMissingFileSaysWhereToRunFrom(@TempDir Path examples) {
        assertThatThrownBy(() -> QuickstartScript.load(examples))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quickstart.yaml not found: run the demo from the repository root");
    }
}
