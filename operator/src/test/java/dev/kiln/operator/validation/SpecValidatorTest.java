package dev.kiln.operator.validation;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.DataSource;
import dev.kiln.operator.api.ModelDeployment;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SpecValidatorTest {

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("metadata.name", (Consumer<ModelDeployment>) md -> md.getMetadata().setName("9lives")),
                Arguments.of("metadata.name", (Consumer<ModelDeployment>) md -> md.getMetadata().setName("a.b")),
                Arguments.of("spec.model.uri", (Consumer<ModelDeployment>) md -> md.getSpec().model.uri = "pvc://models/../secrets/key"),
                Arguments.of("spec.optimization.validation.labelsUri", (Consumer<ModelDeployment>) md -> {
                    md.getSpec().optimization.validation = new DataSource();
                    md.getSpec().optimization.validation.uri = "pvc://data/x.npy";
                    md.getSpec().optimization.validation.labelsUri = "pvc://data/./y.npy";
                }),
                Arguments.of("spec.serving.resources.requests.memory", (Consumer<ModelDeployment>) md ->
                        md.getSpec().serving.resources = new ResourceRequirementsBuilder()
                                .addToRequests("memory", new Quantity("2Gi"))
                                .addToLimits("memory", new Quantity("1Gi")).build()),
                Arguments.of("spec.optimization.resources.limits.cpu", (Consumer<ModelDeployment>) md ->
                        md.getSpec().optimization.resources = new ResourceRequirementsBuilder()
                                .addToLimits("cpu", new Quantity("lots")).build()),
                Arguments.of("spec.serving.env[1].name", (Consumer<ModelDeployment>) md -> {
                    md.getSpec().serving.env.add(new EnvVar("FINE", "1", null));
                    md.getSpec().serving.env.add(new EnvVar("KILN_MODEL", "/other.onnx", null));
                }),
                // Parts of spec.rollout this operator version does not carry out yet are refused, not half done.
                Arguments.of("spec.rollout.steps[0].pause.duration", (Consumer<ModelDeployment>) md -> {
                    var step = new dev.kiln.operator.api.RolloutStep();
                    step.pause = new dev.kiln.operator.api.RolloutStep.Pause();
                    step.pause.duration = "5 minutes";
                    md.getSpec().rollout.steps = List.of(step);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void namesTheFieldAndTheFix(String field, Consumer<ModelDeployment> breakIt) {
        ModelDeployment md = Fixtures.md("orientation");
        breakIt.accept(md);
        assertThat(SpecValidator.validate(md, "runtime:1")).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo(field);
            assertThat(problem.message()).isNotBlank();
        });
    }

    @Test
    void aSoundSpecHasNoProblems() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().serving.accelerator = "cpu";
        md.getSpec().serving.resources = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("500m")).addToLimits("cpu", new Quantity("1")).build();
        assertThat(SpecValidator.validate(md, "runtime:1")).isEmpty();
    }

    /** gatewayAPI traffic is carried out; whether the cluster serves HTTPRoutes is the planner's check. */
    @Test
    void gatewayApiTrafficIsAccepted() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().rollout.traffic.gatewayAPI = new dev.kiln.operator.api.TrafficSpec.GatewayApi();
        assertThat(SpecValidator.validate(md, "runtime:1")).isEmpty();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("../examples/gateway-canary.yaml"))) {
            ModelDeployment example = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, ModelDeployment.class);
            assertThat(example.getSpec().rollout.traffic.gatewayAPI.parentRefs).isNotEmpty();
            assertThat(SpecValidator.validate(example, "runtime:1")).isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Provider prometheus measures latency, errorRate and agreement with Kiln's own queries, so they are accepted. */
    @Test
    void providerPrometheusAcceptsEveryMetricType() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().rollout.analysis = new dev.kiln.operator.api.AnalysisSpec();
        md.getSpec().rollout.analysis.provider = dev.kiln.operator.api.AnalysisSpec.Provider.prometheus;
        md.getSpec().rollout.analysis.prometheusAddress = "http://prometheus:9090";
        List<dev.kiln.operator.api.MetricSpec> metrics = new java.util.ArrayList<>();
        for (var type : dev.kiln.operator.api.MetricSpec.Type.values()) {
            var metric = new dev.kiln.operator.api.MetricSpec();
            metric.name = type.name();
            metric.type = type;
            metric.max = 1.0;
            metric.query = type == dev.kiln.operator.api.MetricSpec.Type.prometheus ? "up" : null;
            metrics.add(metric);
        }
        md.getSpec().rollout.analysis.metrics = metrics;
        assertThat(SpecValidator.validate(md, "runtime:1")).isEmpty();
    }

    /** Mirror steps and the agreement metric are carried out (shadow settings ConfigMap), so they are accepted. */
    @Test
    void mirrorStepsAndTheAgreementMetricAreAccepted() {
        ModelDeployment md = Fixtures.md("orientation");
        var step = new dev.kiln.operator.api.RolloutStep();
        step.mirror = new dev.kiln.operator.api.RolloutStep.Mirror();
        step.mirror.fraction = 0.1;
        md.getSpec().rollout.steps = List.of(step);
        md.getSpec().rollout.analysis = new dev.kiln.operator.api.AnalysisSpec();
        var metric = new dev.kiln.operator.api.MetricSpec();
        metric.name = "agree";
        metric.type = dev.kiln.operator.api.MetricSpec.Type.agreement;
        metric.min = 0.99;
        md.getSpec().rollout.analysis.metrics = List.of(metric);
        assertThat(SpecValidator.validate(md, "runtime:1")).isEmpty();
    }

    @Test
    void theShadowSettingsFileVariableIsReserved() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().serving.env.add(new EnvVar("KILN_SHADOW_CONFIG_FILE", "/x.json", null));
        assertThat(SpecValidator.validate(md, "runtime:1")).singleElement()
                .satisfies(problem -> assertThat(problem.field()).startsWith("spec.serving.env["));
    }

    /** The shipped example uses only what this operator carries out, so the spec validator accepts it. */
    @Test
    void theShippedExampleIsAccepted() throws java.io.IOException {
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("../examples/image-classifier.yaml"))) {
            ModelDeployment md = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, ModelDeployment.class);
            assertThat(md.getSpec().rollout.steps).isNotEmpty();
            assertThat(SpecValidator.validate(md, "runtime:1")).isEmpty();
        }
    }
}
