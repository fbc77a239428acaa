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
}
