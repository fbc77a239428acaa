package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

import java.nio.file.Path;
import java.util.List;

/**
 * The structural schema of one CRD version from crds/, applied to objects the way the API server's
 * OpenAPI validation would (CEL rules and metadata checks are not covered).
 */
final class CrdSchema {

    private final JsonSchema schema;

    private CrdSchema(JsonSchema schema) {
        this.schema = schema;
    }

    static CrdSchema of(Path crdFile, String version) {
        JsonNode crd = Manifests.read(crdFile).one("CustomResourceDefinition");
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                return new CrdSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                        .getSchema(v.path("schema").path("openAPIV3Schema")));
            }
        }
        throw new IllegalArgumentException(crdFile + " has no version " + version);
    }

    /** One line per violation; empty when the object is valid. */
    List<String> violations(JsonNode object) {
        return schema.validate(object).stream().map(Object::toString).sorted().toList();
    }
}
