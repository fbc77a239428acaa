package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.nio.file.Path;
import java.util.List;

/**
 * The structural schema of one CRD version from crds/, applied to objects the way the API server's
 * OpenAPI validation would (CEL rules and metadata checks are not covered).
 */
final class CrdSchema {

    private final Schema schema;

    private CrdSchema(Schema schema) {
        this.schema = schema;
    }

    static CrdSchema of(Path crdFile, String version) {
        JsonNode crd = Manifests.read(crdFile).one("CustomResourceDefinition");
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (version.equals(v.path("name").asText())) {
                String openApi = v.path("schema").path("openAPIV3Schema").toString();
                return new CrdSchema(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                        .getSchema(openApi, InputFormat.JSON));
            }
        }
        throw new IllegalArgumentException(crdFile + " has no version " + version);
    }

    /** One line per violation; empty when the object is valid. */
    List<String> violations(JsonNode object) {
        return schema.validate(object.toString(), InputFormat.JSON).stream().map(Object::toString).toList();
    }
}
