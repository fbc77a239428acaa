package dev.kiln.sandbox.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated cluster's nodes, read from a YAML file of Node objects and completed the way a
 * kubelet would report them (capacity, Ready condition, addresses, nodeInfo).
 */
public final class NodeInventory {

    public static final String DEFAULT_RESOURCE = "/dev/kiln/sandbox/nodes.yaml";
    private static final YAMLMapper YAML = new YAMLMapper();

    private NodeInventory() {
    }

    public static List<ObjectNode> defaults() {
        try (InputStream in = NodeInventory.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    public static List<ObjectNode> load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the nodes file " + file + ": " + e.getMessage()
                    + " (pass an existing YAML file of Node objects with --nodes)", e);
        }
    }

    /** Parses and completes the nodes; a bad entry fails with the file, the node and the fix. */
    public static List<ObjectNode> parse(String yaml, String source) {
        List<ObjectNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                nodes.add(complete(validate(doc, source, index, names)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(source + " defines no nodes: add at least one 'kind: Node' document");
        }
        return nodes;
    }

    private static ObjectNode validate(JsonNode doc, String source, int index, Set<String> names) {
        String where = source + " document " + index;
        if (!doc.isObject() || !"Node".equals(doc.path("kind").asText()) || !"v1".equals(doc.path("apiVersion").asText())) {
            throw new IllegalArgumentException(where + ": expected 'apiVersion: v1' and 'kind: Node'");
        }
        String name = doc.path("metadata").path("name").asText("");
        if (!name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException(where + ": metadata.name '" + name
                    + "' must be a lower-case DNS name such as cpu-3");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException(where + ": node '" + name + "' is defined twice; give each node its own name");
        }
        JsonNode allocatable = doc.path("status").path("allocatable");
        if (!allocatable.has("cpu") || !allocatable.has("memory")) {
            throw new IllegalArgumentException(where + " (node " + name
                    + "): status.allocatable needs cpu and memory, e.g. {cpu: \"8\", memory: 32Gi}");
        }
        return (ObjectNode) doc.deepCopy();
    }

    private static ObjectNode complete(ObjectNode node) {
        String name = node.path("metadata").path("name").asText();
        ObjectNode labels = node.withObject("metadata").withObject("labels");
        if (!labels.has("kubernetes.io/hostname")) {
            labels.put("kubernetes.io/hostname", name);
        }
        ObjectNode status = node.withObject("status");
        if (!status.has("capacity")) {
            status.set("capacity", status.get("allocatable").deepCopy());
        }
        if (!status.has("conditions")) {
            ObjectNode ready = status.putArray("conditions").addObject();
            ready.put("type", "Ready");
            ready.put("status", "True");
            ready.put("reason", "KubeletReady");
            ready.put("message", "simulated by the Kiln sandbox");
        }
        if (!status.has("addresses")) {
            ArrayNode addresses = status.putArray("addresses");
            addresses.addObject().put("type", "InternalIP").put("address", "127.0.0.1");
            addresses.addObject().put("type", "Hostname").put("address", name);
        }
        if (!status.has("nodeInfo")) {
            ObjectNode info = status.putObject("nodeInfo");
            info.put("kubeletVersion", "v1.32.0-kiln-sandbox");
            info.put("operatingSystem", labels.path("kubernetes.io/os").asText("linux"));
            info.put("architecture", labels.path("kubernetes.io/arch").asText("amd64"));
            info.put("containerRuntimeVersion", "kiln-sandbox://simulated");
        }
        return node;
    }
}
