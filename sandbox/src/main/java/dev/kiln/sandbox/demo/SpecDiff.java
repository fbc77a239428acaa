package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two versions of a manifest: as the RFC 7386 merge patch that turns one into the other
 * (what the demo sends, like a GitOps tool applying a commit), and as lines a person reads.
 */
public final class SpecDiff {

    private SpecDiff() {
    }

    /** The merge patch from {@code from} to {@code to}: changed and added fields, null for removed ones. */
    public static ObjectNode mergePatch(JsonNode from, JsonNode to) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!to.has(name)) {
                patch.putNull(name);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = to.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode before = from.get(field.getKey());
            JsonNode after = field.getValue();
            if (before != null && before.isObject() && after.isObject()) {
                ObjectNode nested = mergePatch(before, after);
                if (!nested.isEmpty()) {
                    patch.set(field.getKey(), nested);
                }
            } else if (!after.equals(before)) {
                // A null in a merge patch means "remove": a field set to null in the new manifest is removed too.
                patch.set(field.getKey(), after);
            }
        }
        return patch;
    }

    /** One line per changed leaf, in field order: {@code spec.serving.maxBatch: (unset) -> 8}. */
    public static List<String> changes(String path, JsonNode from, JsonNode to) {
        List<String> lines = new ArrayList<>();
        collect(path, from, to, lines);
        return lines;
    }

    private static void collect(String path, JsonNode from, JsonNode to, List<String> lines) {
        boolean bothObjects = from != null && from.isObject() && to != null && to.isObject();
        if (bothObjects) {
            TreeSet<String> names = new TreeSet<>();
            from.fieldNames().forEachRemaining(names::add);
            to.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                collect(path + "." + name, from.get(name), to.get(name), lines);
            }
        } else if (!text(from).equals(text(to))) {
            lines.add(path + ": " + text(from) + " -> " + text(to));
        }
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "(unset)";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
