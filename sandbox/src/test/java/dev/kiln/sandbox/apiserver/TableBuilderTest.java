package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<PrinterColumn> COLUMNS = List.of(
            new PrinterColumn("Age", "date", ".metadata.creationTimestamp", 0, null),
            new PrinterColumn("Phase", "string", ".status.phase", 0, "the phase"),
            new PrinterColumn("Canary", "integer", ".status.rollout.canaryWeight", 0, null),
            new PrinterColumn("Node", "string", ".spec.nodeName", 1, null));

    @Test
    void buildsRowsFromPrinterColumns() throws Exception {
        JsonNode object = JSON.readTree("""
                {"metadata": {"name": "m", "namespace": "d", "creationTimestamp": "2026-01-01T00:00:00Z"},
                 "status": {"phase": "Healthy", "rollout": {"canaryWeight": 10}}}""");
        JsonNode table = TableBuilder.table(COLUMNS, List.of(object), "42", Instant.parse("2026-01-01T00:05:00Z"),
                false, true);

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("42");
        assertThat(table.path("columnDefinitions")).extracting(c -> c.path("name").asText())
                .containsExactly("Name", "Age", "Phase", "Canary", "Node");
        assertThat(table.path("columnDefinitions").get(4).path("priority").asInt()).isEqualTo(1);
        JsonNode row = table.path("rows").get(0);
        assertThat(row.path("cells").toString()).isEqualTo("[\"m\",\"5m\",\"Healthy\",10,null]");
        assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo("d");
        assertThat(row.path("object").has("status")).isFalse();
    }

    @Test
    void watchEventsAfterTheFirstCarryNoColumnDefinitionsAndMayCarryTheObject() throws Exception {
        JsonNode object = JSON.readTree("{\"metadata\": {\"name\": \"m\"}, \"status\": {\"phase\": \"Failed\"}}");
        JsonNode table = TableBuilder.table(COLUMNS, List.of(object), "1", Instant.EPOCH, true, false);
        assertThat(table.path("columnDefinitions")).isEmpty();
        assertThat(table.path("rows").get(0).path("object")).isEqualTo(object);
    }
}
