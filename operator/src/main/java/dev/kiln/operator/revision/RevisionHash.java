package dev.kiln.operator.revision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.operator.api.ModelDeploymentSpec;
import dev.kiln.operator.api.ServingSpec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A revision names what is served: the model, the candidates, how they are optimized, and the image and
 * accelerator the variant is optimized for. Replicas and the other pod settings are left out, so scaling or
 * tuning pods updates the serving Deployment in place instead of re-optimizing.
 *
 * <p>Values equal to their CRD default are left out too ({@link DefaultedValues}): a later Kiln version that
 * adds a defaulted field must not give every existing ModelDeployment a new revision (and re-optimize and
 * canary it) when the API server fills that field in.
 */
public final class RevisionHash {

    /** Hex digits kept: short enough for names, long enough that collisions within one resource do not happen. */
    static final int LENGTH = 10;

    // Sorted and without empty values, so that "unset" and "empty" and field order all hash the same.
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .build();

    private RevisionHash() {
    }

    public static String of(ModelDeploymentSpec spec) {
        ObjectNode parts = CANONICAL.createObjectNode();
        DefaultedValues pruner = new DefaultedValues(CANONICAL);
        putPruned(parts, "model", pruner, spec.model);
        putPruned(parts, "candidates", pruner, spec.candidates);
        putPruned(parts, "optimization", pruner, spec.optimization);
        if (spec.serving != null) {
            ServingSpec servingDefaults = new ServingSpec();
            if (spec.serving.image != null) {
                parts.put("servingImage", spec.serving.image);
            }
            if (spec.serving.accelerator != null && !spec.serving.accelerator.equals(servingDefaults.accelerator)) {
                parts.put("accelerator", spec.serving.accelerator);
            }
        }
        try {
            byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(parts, Object.class));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the spec", e);
        }
    }

    private static void putPruned(ObjectNode parts, String name, DefaultedValues pruner, Object value) {
        if (value == null) {
            return;
        }
        JsonNode tree = pruner.withoutDefaults(value);
        if (!DefaultedValues.isEmpty(tree)) {
            parts.set(name, tree);
        }
    }
}
