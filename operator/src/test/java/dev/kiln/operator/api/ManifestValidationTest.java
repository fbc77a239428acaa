package dev.kiln.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid and invalid ModelDeployment manifests against the committed CRD's schema and CEL rules. Each invalid
 * manifest names the error it must produce in a first-line comment: {@code # expect: <text>}.
 */
class ManifestValidationTest {

    private static CrdSchema schema;

    @BeforeAll
    static void loadCrd() throws IOException {
        schema = CrdSchema.load(Path.of(System.getProperty("kiln.crds.dir", "../crds"), "modeldeployments.kiln.dev-v1.yml"));
    }

    static Stream<Path> validManifests() throws IOException {
        return Stream.concat(manifests(Path.of("src/test/resources/manifests/valid")), examples());
    }

    static Stream<Path> invalidManifests() throws IOException {
        return manifests(Path.of("src/test/resources/manifests/invalid"));
    }

    @ParameterizedTest
    @MethodSource("validManifests")
    void validManifestIsAdmittedAndReadsIntoTheApiClasses(Path manifest) throws IOException {
        String yaml = Files.readString(manifest);

        List<String> problems = schema.validate(CrdSchema.readYaml(yaml));

        assertThat(problems).as(manifest.toString()).isEmpty();
        ModelDeployment md = Serialization.unmarshal(yaml, ModelDeployment.class);
        assertThat(md.getSpec().model.uri).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("invalidManifests")
    void invalidManifestIsRejectedWithItsMessage(Path manifest) throws IOException {
        String yaml = Files.readString(manifest);
        String firstLine = yaml.lines().findFirst().orElse("");
        assertThat(firstLine).as("%s must start with '# expect: <text>'", manifest).startsWith("# expect: ");
        String expected = firstLine.substring("# expect: ".length()).trim();

        JsonNode object = CrdSchema.readYaml(yaml);
        List<String> problems = schema.validate(object);

        assertThat(problems).as(manifest.toString()).anySatisfy(p -> assertThat(p).contains(expected));
    }

    private static Stream<Path> manifests(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /** Every ModelDeployment in examples/ must be admitted too. */
    private static Stream<Path> examples() throws IOException {
        Path examples = Path.of("../examples");
        if (!Files.isDirectory(examples)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(examples)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(ManifestValidationTest::isModelDeployment)
                    .sorted().toList().stream();
        }
    }

    private static boolean isModelDeployment(Path file) {
        try {
            String yaml = Files.readString(file);
            return yaml.contains("kind: ModelDeployment") && !yaml.contains("\n---");
        } catch (IOException e) {
            return false;
        }
    }
}
