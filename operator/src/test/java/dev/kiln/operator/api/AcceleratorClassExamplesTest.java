package dev.kiln.operator.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped AcceleratorClasses in examples/accelerator-classes stay valid: each is admitted by the
 * committed CRD's schema and CEL rules, reads strictly into the Java classes, and says what it is for.
 */
class AcceleratorClassExamplesTest {

    private static CrdSchema schema;

    @BeforeAll
    static void loadCrd() throws IOException {
        schema = CrdSchema.load(Path.of(System.getProperty("kiln.crds.dir", "../crds"), "acceleratorclasses.kiln.dev-v1.yml"));
    }

    static Stream<Arguments> shippedClasses() {
        return Stream.of(
                Arguments.of("nvidia-gpu", "nvidia.com/gpu", "cuda", "kiln-runtime:0.1.0-cuda", List.of("graph", "fp16"), true),
                Arguments.of("nvidia-mig-1g-10gb", "nvidia.com/mig-1g.10gb", "cuda", "kiln-runtime:0.1.0-cuda", List.of("graph", "fp16"), true),
                Arguments.of("ascend-npu", "huawei.com/Ascend910", "cann", "kiln-runtime:0.1.0-cann", List.of("graph", "int8-dynamic"), true),
                Arguments.of("nvidia-gpu-dra", null, "cuda", "kiln-runtime:0.1.0-cuda", List.of("graph", "fp16"), true),
                Arguments.of("cpu", null, "cpu", null, List.of("graph", "int8-dynamic"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedClasses")
    void shippedClassIsAdmittedAndSaysWhatItIsFor(String name, String resource, String provider, String image,
                                                  List<String> autoPasses, boolean measureOnClass) throws IOException {
        List<String> problems = schema.validate(CrdSchema.readYaml(Files.readString(ShippedAcceleratorClasses.file(name))));
        AcceleratorClass accelerator = ShippedAcceleratorClasses.load(name);

        assertThat(problems).isEmpty();
        assertThat(accelerator.getMetadata().getName()).isEqualTo(name);
        assertThat(accelerator.getSpec().resourceName).isEqualTo(resource);
        assertThat(accelerator.getSpec().runtime.executionProvider.wireName()).isEqualTo(provider);
        assertThat(accelerator.getSpec().runtime.image).isEqualTo(image);
        assertThat(accelerator.getSpec().optimization.autoPasses).extracting(OptimizationPass::wireName)
                .containsExactlyElementsOf(autoPasses);
        assertThat(accelerator.getSpec().optimization.measureOnClass).isEqualTo(measureOnClass);
    }

    @Test
    void everyExampleIsInTheTable() throws IOException {
        try (Stream<Path> files = Files.list(ShippedAcceleratorClasses.FOLDER)) {
            assertThat(files.map(p -> p.getFileName().toString().replace(".yaml", ""))
                    .filter(name -> !name.equals("kustomization")))
                    .containsExactlyInAnyOrderElementsOf(shippedClasses().map(a -> (String) a.get()[0]).toList());
        }
    }

    static Stream<Arguments> invalidClasses() {
        return Stream.of(
                Arguments.of("perReplica: 2", "spec.perReplica counts units of spec.resourceName or devices"),
                Arguments.of("resourceName: gpu", "spec.resourceName"),
                Arguments.of("resourceName: nvidia.com/gpu\nperReplica: 0", "spec.perReplica"),
                Arguments.of("optimization: {autoPasses: [fp16, auto]}", "cannot contain auto"),
                Arguments.of("optimization: {autoPasses: [fp16, fp16]}", "each pass may appear once"),
                Arguments.of("optimization: {autoPasses: [int4]}", "spec.optimization.autoPasses"),
                Arguments.of("cost: -1", "spec.cost"),
                Arguments.of("resourceName: nvidia.com/gpu\ndeviceClassName: gpu.nvidia.com", "exclude each other"),
                Arguments.of("deviceClassName: GPU_Class", "spec.deviceClassName"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidClasses")
    void invalidClassIsRejectedNamingTheField(String specLines, String expected) throws IOException {
        String yaml = """
                apiVersion: kiln.dev/v1alpha1
                kind: AcceleratorClass
                metadata: {name: broken}
                spec:
                  runtime: {executionProvider: cuda}
                """ + specLines.lines().map(l -> "  " + l + "\n").reduce("", String::concat);

        List<String> problems = schema.validate(CrdSchema.readYaml(yaml));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
    }

    @Test
    void classWithoutExecutionProviderIsRejected() throws IOException {
        String yaml = "apiVersion: kiln.dev/v1alpha1\nkind: AcceleratorClass\nmetadata: {name: x}\nspec:\n  runtime: {}\n";

        assertThat(schema.validate(CrdSchema.readYaml(yaml))).anySatisfy(p -> assertThat(p).contains("executionProvider"));
    }
}
