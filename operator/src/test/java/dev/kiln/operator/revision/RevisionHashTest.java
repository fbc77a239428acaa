package dev.kiln.operator.revision;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ArtifactCompression;
import dev.kiln.operator.api.CandidateModel;
import dev.kiln.operator.api.Goals;
import dev.kiln.operator.api.ModelDeploymentSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionHashTest {

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("replicas", false, (Consumer<ModelDeploymentSpec>) s -> s.serving.replicas = 7),
                Arguments.of("serving env", false, (Consumer<ModelDeploymentSpec>) s -> s.serving.env.add(new EnvVar("A", "b", null))),
                Arguments.of("serving threads", false, (Consumer<ModelDeploymentSpec>) s -> s.serving.threads = 4),
                Arguments.of("rollout steps", false, (Consumer<ModelDeploymentSpec>) s -> s.rollout.paused = true),
                Arguments.of("candidates empty vs unset", false, (Consumer<ModelDeploymentSpec>) s -> s.candidates = null),
                Arguments.of("model uri", true, (Consumer<ModelDeploymentSpec>) s -> s.model.uri = "pvc://models/other.onnx"),
                Arguments.of("model sha256", true, (Consumer<ModelDeploymentSpec>) s -> s.model.sha256 = "a".repeat(64)),
                Arguments.of("served name", true, (Consumer<ModelDeploymentSpec>) s -> s.model.name = "other"),
                Arguments.of("a candidate", true, (Consumer<ModelDeploymentSpec>) s -> {
                    CandidateModel c = new CandidateModel();
                    c.name = "student";
                    c.uri = "https://models.example.com/student.onnx";
                    s.candidates = new ArrayList<>(java.util.List.of(c));
                }),
                Arguments.of("goals", true, (Consumer<ModelDeploymentSpec>) s -> {
                    s.optimization.goals = new Goals();
                    s.optimization.goals.maxLatencyMillis = 2.0;
                }),
                Arguments.of("artifact compression left to its default", false,
                        (Consumer<ModelDeploymentSpec>) s -> s.optimization.artifactCompression = null),
                Arguments.of("deadline left to its default", false,
                        (Consumer<ModelDeploymentSpec>) s -> s.optimization.deadlineSeconds = null),
                Arguments.of("goals' percentile set to its default", false, (Consumer<ModelDeploymentSpec>) s -> {
                    s.optimization.goals = new Goals();
                    s.optimization.goals.latencyPercentile = null;
                }),
                Arguments.of("accelerator unset vs auto", false, (Consumer<ModelDeploymentSpec>) s -> s.serving.accelerator = null),
                Arguments.of("artifact compression gzip", true,
                        (Consumer<ModelDeploymentSpec>) s -> s.optimization.artifactCompression = ArtifactCompression.GZIP),
                Arguments.of("deadline", true, (Consumer<ModelDeploymentSpec>) s -> s.optimization.deadlineSeconds = 120),
                Arguments.of("accelerator", true, (Consumer<ModelDeploymentSpec>) s -> s.serving.accelerator = "cpu"),
                Arguments.of("image", true, (Consumer<ModelDeploymentSpec>) s -> s.serving.image = "runtime:2"));
    }

    @ParameterizedTest(name = "{0} -> new revision: {1}")
    @MethodSource("changes")
    void onlyWhatChangesTheServedModelMakesANewRevision(String what, boolean newRevision,
                                                       Consumer<ModelDeploymentSpec> change) {
        ModelDeploymentSpec spec = Fixtures.md("a").getSpec();
        String before = RevisionHash.of(spec);
        change.accept(spec);
        assertThat(RevisionHash.of(spec).equals(before)).isEqualTo(!newRevision);
    }

    @Test
    void isStableAcrossSerializationAndShort() {
        ModelDeploymentSpec spec = Fixtures.md("a").getSpec();
        ModelDeploymentSpec roundTripped = Serialization.unmarshal(Serialization.asJson(spec), ModelDeploymentSpec.class);
        assertThat(RevisionHash.of(roundTripped)).isEqualTo(RevisionHash.of(spec)).matches("^[0-9a-f]{10}$");
    }

    @Test
    void aSpecWrittenBeforeADefaultedFieldExistedKeepsItsRevisionOnceTheApiServerDefaultsIt() {
        String before = """
                {"model": {"uri": "pvc://models/m.onnx", "name": "m"},
                 "optimization": {"passes": ["graph"], "goals": {"maxAccuracyDrop": 0.01}}}""";
        String defaulted = """
                {"model": {"uri": "pvc://models/m.onnx", "name": "m"},
                 "optimization": {"passes": ["graph"], "artifactCompression": "none", "deadlineSeconds": 3600,
                                  "goals": {"maxAccuracyDrop": 0.01, "latencyPercentile": 99, "objective": "latency"}},
                 "serving": {"accelerator": "auto", "replicas": 1}}""";
        assertThat(RevisionHash.of(Serialization.unmarshal(defaulted, ModelDeploymentSpec.class)))
                .isEqualTo(RevisionHash.of(Serialization.unmarshal(before, ModelDeploymentSpec.class)));
    }
}
