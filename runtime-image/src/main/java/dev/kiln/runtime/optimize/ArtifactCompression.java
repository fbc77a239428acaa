package dev.kiln.runtime.optimize;

import dev.kiln.contract.OptimizationPlan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * How the selected variant is stored. Gzip is the "int8 plus compression" route for pruned models: the
 * zeros a mask leaves in int8 weights only shrink the file once compressed. The server reads either form
 * by its magic bytes, so the artifact's name is all the operator needs.
 */
public enum ArtifactCompression {
    NONE("model.onnx"),
    GZIP("model.onnx.gz");

    private final String artifactName;

    ArtifactCompression(String artifactName) {
        this.artifactName = artifactName;
    }

    /** The plan's {@code artifactCompression}; null means none. */
    public static ArtifactCompression of(OptimizationPlan plan) {
        String value = plan.artifactCompression();
        if (value == null) {
            return NONE;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case OptimizationPlan.COMPRESSION_NONE -> NONE;
            case OptimizationPlan.COMPRESSION_GZIP -> GZIP;
            default -> throw OptimizeException.invalidInput("artifactCompression: '" + value
                    + "' is not none or gzip (--artifact-compression none|gzip)");
        };
    }

    public String artifactName() {
        return artifactName;
    }

    /** The size and sha256 the model file would have as stored, without writing it anywhere. */
    public StoredForm measure(Path model) throws IOException {
        MessageDigest digest = sha256();
        CountingSink sink = new CountingSink();
        try (OutputStream out = wrap(new DigestOutputStream(sink, digest))) {
            Files.copy(model, out);
        }
        return new StoredForm(sink.count, HexFormat.of().formatHex(digest.digest()));
    }

    /** Writes the model file as stored to {@code target}. */
    public void store(Path model, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(model); OutputStream out = wrap(Files.newOutputStream(target))) {
            in.transferTo(out);
        }
    }

    private OutputStream wrap(OutputStream out) throws IOException {
        if (this == NONE) {
            return out;
        }
        // Java writes a fixed gzip header (no time stamp), so the same model always gives the same bytes and
        // the digest measured here is the digest of the file written later.
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A model file's bytes as stored. */
    public record StoredForm(long sizeBytes, String sha256) {
    }

    private static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
