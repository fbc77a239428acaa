package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The scale subresource of a resource: where its replica counts live (a CRD's
 * {@code subresources.scale}), and the {@code autoscaling/v1 Scale} view of an object.
 *
 * @param labelSelectorPath may be null
 */
public record ScalePaths(String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {

    private static final JsonNode NONE = JsonNodeFactory.instance.missingNode();

    public ScalePaths {
        for (String path : new String[] {specReplicasPath, statusReplicasPath}) {
            if (path == null || !path.matches("(\\.[A-Za-z0-9_-]+)+")) {
                throw new IllegalArgumentException("scale subresource path '" + path
                        + "' is not supported by the sandbox: use a plain .field.path");
            }
        }
    }

    /** The Scale object kubectl scale and autoscalers read. */
    public ObjectNode scaleOf(JsonNode object) {
        ObjectNode scale = JsonNodeFactory.instance.objectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode metadata = scale.putObject("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (object.path("metadata").has(field)) {
                metadata.set(field, object.path("metadata").get(field));
            }
        }
        scale.putObject("spec").put("replicas", at(object, specReplicasPath).asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", at(object, statusReplicasPath).asInt(0));
        JsonNode selector = labelSelectorPath == null ? NONE : at(object, labelSelectorPath);
        if (selector.isTextual()) {
            status.put("selector", selector.asText());
        }
        return scale;
    }

    /** A merge patch that sets the object's desired replicas. */
    public ObjectNode replicasPatch(int replicas) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        String[] fields = specReplicasPath.substring(1).split("\\.");
        ObjectNode node = patch;
        for (int i = 0; i < fields.length - 1; i++) {
            node = node.putObject(fields[i]);
        }
        node.put(fields[fields.length - 1], replicas);
        return patch;
    }

    private static JsonNode at(JsonNode object, String dottedPath) {
        return PrinterJsonPath.compile(dottedPath).evaluate(object);
    }
}
