package dev.kiln.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Without server-side apply, "has the desired object changed" is answered by a digest of the desired object
 * recorded on what was applied: comparing with the live object would trip over the defaults the API server
 * fills in.
 */
public final class AppliedHash {

    public static final String ANNOTATION = "kiln.dev/applied-hash";

    private AppliedHash() {
    }

    /** Records the digest of {@code desired} on it and returns it. */
    public static <R extends HasMetadata> R stamp(R desired) {
        String digest = digest(desired);
        if (desired.getMetadata().getAnnotations() == null) {
            desired.getMetadata().setAnnotations(new LinkedHashMap<>());
        }
        desired.getMetadata().getAnnotations().put(ANNOTATION, digest);
        return desired;
    }

    public static boolean matches(HasMetadata stamped, Optional<? extends HasMetadata> live) {
        return live.map(l -> l.getMetadata().getAnnotations() == null ? null : l.getMetadata().getAnnotations().get(ANNOTATION))
                .map(hash -> hash.equals(stamped.getMetadata().getAnnotations().get(ANNOTATION)))
                .orElse(false);
    }

    private static String digest(HasMetadata desired) {
        try {
            byte[] json = Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
