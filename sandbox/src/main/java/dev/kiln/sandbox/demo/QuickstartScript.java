package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quickstart's story: {@code quickstart.yaml} (revision 1), then the revisions under {@code quickstart/},
 * applied in this order as spec changes of the same ModelDeployment.
 */
public final class QuickstartScript {

    private static final ObjectMapper YAML = new YAMLMapper();

    private record Step(String file, String title, Expectation expectation) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("quickstart.yaml", "model v1, first revision", Expectation.SERVED),
            new Step("quickstart/2-batching-regression.yaml",
                    "model v2 with request batching (maxBatch 8, up to 250 ms wait)", Expectation.ROLLED_BACK),
            new Step("quickstart/3-v3-promoted.yaml", "model v3, batching off again", Expectation.PROMOTED));

    private QuickstartScript() {
    }

    /** Reads the revisions from the examples folder; a missing or inconsistent file is named with the fix. */
    public static List<QuickstartRevision> load(Path examplesDir) {
        List<QuickstartRevision> revisions = new ArrayList<>();
        for (Step step : STEPS) {
            Path file = examplesDir.resolve(step.file());
            revisions.add(new QuickstartRevision(revisions.size() + 1, file, step.title(), read(file),
                    step.expectation()));
        }
        QuickstartRevision first = revisions.get(0);
        for (QuickstartRevision revision : revisions) {
            if (!"ModelDeployment".equals(revision.manifest().path("kind").asText())) {
                throw new IllegalArgumentException(revision.file() + ": kind must be ModelDeployment, not '"
                        + revision.manifest().path("kind").asText() + "'; the quickstart's revisions are ModelDeployments");
            }
            if (!first.name().equals(revision.name())) {
                throw new IllegalArgumentException(revision.file() + ": metadata.name is '" + revision.name()
                        + "' but " + first.file() + " names '" + first.name()
                        + "'; every revision of the quickstart changes the same ModelDeployment");
            }
        }
        return revisions;
    }

    private static ObjectNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " not found: run the demo from the repository root, or pass "
                    + "--examples <the repository's examples folder>");
        }
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(file + ": not a YAML object; it must hold one ModelDeployment");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not readable as YAML: " + e.getMessage(), e);
        }
    }
}
