package dev.kiln.operator.api;

import io.fabric8.crdv2.generator.CRDGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRDs in crds/ are generated from the API classes and committed; this test fails when they drift, and
 * refreshes them when run with -Dkiln.crds.update=true.
 */
class CrdDriftTest {

    static final String REFRESH = "mvn -B -pl operator -am test -Dtest=CrdDriftTest -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.crds.update=true";

    @Test
    void committedCrdsMatchTheApiClasses() throws IOException {
        Path generated = Path.of("target", "crd-generator");
        Files.createDirectories(generated);
        new CRDGenerator()
                .customResourceClasses(KilnCustomResources.ALL.toArray(new Class[0]))
                .inOutputDir(generated.toFile())
                .generate();
        Path committed = Path.of(System.getProperty("kiln.crds.dir", "../crds"));
        boolean update = Boolean.getBoolean("kiln.crds.update");

        List<Path> files;
        try (Stream<Path> list = Files.list(generated)) {
            files = list.filter(p -> p.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
        }
        assertThat(files).hasSize(KilnCustomResources.ALL.size());
        for (Path file : files) {
            Path target = committed.resolve(file.getFileName());
            String fresh = Files.readString(file);
            if (update) {
                Files.createDirectories(committed);
                Files.writeString(target, fresh);
            }
            assertThat(target).as("committed CRD %s is missing; create it with: %s", target, REFRESH).exists();
            assertThat(Files.readString(target))
                    .as("%s differs from the CRD generated from the API classes; refresh it with: %s", target, REFRESH)
                    .isEqualTo(fresh);
        }
    }
}
