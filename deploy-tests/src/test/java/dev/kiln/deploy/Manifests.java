package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** A list of Kubernetes objects, read from multi-document YAML. */
record Manifests(List<ObjectNode> objects) {

    static final YAMLMapper YAML = new YAMLMapper();

    static Manifests parse(String yaml, String source) {
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                if (!(doc instanceof ObjectNode object) || !object.hasNonNull("kind")) {
                    throw new IllegalArgumentException(source + ": a document without kind: " + doc);
                }
                objects.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + " is not valid YAML", e);
        }
        return new Manifests(List.copyOf(objects));
    }

    static Manifests read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    ObjectNode one(String kind) {
        List<ObjectNode> found = ofKind(kind);
        if (found.size() != 1) {
            throw new NoSuchElementException("expected exactly one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    ObjectNode one(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no " + kind + " named " + name));
    }

    Manifests plus(Manifests other) {
        List<ObjectNode> all = new ArrayList<>(objects);
        all.addAll(other.objects);
        return new Manifests(List.copyOf(all));
    }
}
