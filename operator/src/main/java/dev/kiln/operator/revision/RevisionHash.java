package dev.kiln.operator.revision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kiln.operator.api.ModelDeploymentSpec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A revision names what is served: the model, the candidates, how they are optimized, and the image and
 * accelerator the variant is optimized for. Replicas and the other pod settings are left out, so scaling or
 * tuning pods updates the serving Deployment in place instead of re-optimizing.
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
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("model", spec.model);
        parts.put("candidates", spec.candidates);
        parts.put("optimization", spec.optimization);
        if (spec.serving != null) {
            parts.put("servingImage", spec.serving.image);
            parts.put("accelerator", spec.serving.accelerator);
        }
        try {
            byte[] json = CANONICAL.writeValueAsBytes(parts);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the spec", e);
        }
    }
}
