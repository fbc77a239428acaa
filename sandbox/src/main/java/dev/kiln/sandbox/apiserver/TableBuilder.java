package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Server-side table output ({@code meta.k8s.io/v1 Table}), which is what {@code kubectl get} prints:
 * a Name column, then the resource's printer columns, one row per object.
 */
public final class TableBuilder {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TableBuilder() {
    }

    /**
     * @param fullObject whether rows carry the whole object ({@code includeObject=Object}) or only
     *                   its metadata (the default)
     */
    public static ObjectNode table(List<PrinterColumn> columns, List<JsonNode> objects, String resourceVersion,
                                   Instant now, boolean fullObject, boolean withColumnDefinitions) {
        ObjectNode table = JSON.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", resourceVersion);
        ArrayNode definitions = table.putArray("columnDefinitions");
        if (withColumnDefinitions) {
            definitions.add(definition("Name", "string", "name",
                    "Name must be unique within a namespace.", 0));
            for (PrinterColumn column : columns) {
                definitions.add(definition(column.name(), column.type().equals("date") ? "string" : column.type(),
                        "", column.description() == null ? "" : column.description(), column.priority()));
            }
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(object.path("metadata").path("name").asText());
            for (PrinterColumn column : columns) {
                cells.add(cell(column, PrinterJsonPath.compile(column.jsonPath()).evaluate(object), now));
            }
            row.set("object", fullObject ? object : partialMetadata(object));
        }
        return table;
    }

    private static ObjectNode definition(String name, String type, String format, String description, int priority) {
        ObjectNode d = JSON.objectNode();
        d.put("name", name);
        d.put("type", type);
        d.put("format", format);
        d.put("description", description);
        d.put("priority", priority);
        return d;
    }

    static JsonNode cell(PrinterColumn column, JsonNode value, Instant now) {
        if (value.isMissingNode() || value.isNull()) {
            return JSON.nullNode();
        }
        return switch (column.type()) {
            case "date" -> {
                try {
                    yield JSON.textNode(HumanDuration.format(Duration.between(Instant.parse(value.asText()), now)));
                } catch (DateTimeParseException e) {
                    yield JSON.textNode(value.asText());
                }
            }
            case "integer" -> value.canConvertToLong() ? JSON.numberNode(value.asLong()) : JSON.textNode(value.asText());
            case "number" -> value.isNumber() ? value : JSON.textNode(value.asText());
            case "boolean" -> value.isBoolean() ? value : JSON.textNode(value.asText());
            default -> JSON.textNode(value.isValueNode() ? value.asText() : value.toString());
        };
    }

    private static ObjectNode partialMetadata(JsonNode object) {
        ObjectNode partial = JSON.objectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata").deepCopy());
        return partial;
    }
}
