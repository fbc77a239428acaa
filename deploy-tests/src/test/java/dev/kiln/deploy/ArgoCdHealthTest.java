package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/argocd/health.lua against every case of health_test.yaml, as Argo CD's own health tests run. */
class ArgoCdHealthTest {

    static final Path DIR = Repo.path("deploy/argocd");

    static String script() throws IOException {
        return Files.readString(DIR.resolve("health.lua"));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseOfHealthTestYaml() throws IOException {
        ArgoCdHealthCheck check = new ArgoCdHealthCheck(script());
        JsonNode tests = Manifests.YAML.readTree(DIR.resolve("health_test.yaml").toFile()).path("tests");
        assertThat(tests).isNotEmpty();
        List<DynamicTest> cases = new ArrayList<>();
        for (JsonNode test : tests) {
            String input = test.path("inputPath").asText();
            cases.add(DynamicTest.dynamicTest(input, () -> {
                JsonNode resource = Manifests.read(DIR.resolve(input)).one("ModelDeployment");
                var health = check.evaluate(resource);
                assertThat(health.status()).as("status of %s", input)
                        .isEqualTo(test.path("healthStatus").path("status").asText());
                assertThat(health.message()).as("message of %s", input)
                        .isEqualTo(test.path("healthStatus").path("message").asText());
            }));
        }
        return cases.stream();
    }

    @Test
    void theCasesCoverEveryHealthStatusTheScriptReturns() throws IOException {
        JsonNode tests = Manifests.YAML.readTree(DIR.resolve("health_test.yaml").toFile()).path("tests");
        Set<String> covered = new java.util.TreeSet<>();
        tests.forEach(t -> covered.add(t.path("healthStatus").path("status").asText()));
        assertThat(covered).containsExactlyInAnyOrder("Progressing", "Degraded", "Suspended", "Healthy");
        try (Stream<Path> files = Files.list(DIR.resolve("testdata"))) {
            Set<String> referenced = new java.util.TreeSet<>();
            tests.forEach(t -> referenced.add(t.path("inputPath").asText()));
            assertThat(files.map(f -> "testdata/" + f.getFileName())).as("testdata without a case")
                    .allMatch(referenced::contains);
        }
    }

    @Test
    void theArgoCdConfigMapPatchCarriesTheSameScript() throws IOException {
        JsonNode patch = Manifests.YAML.readTree(DIR.resolve("argocd-cm-patch.yaml").toFile());
        assertThat(patch.path("data").path("resource.customizations.health.kiln.dev_ModelDeployment").asText())
                .isEqualTo(script());
    }
}
