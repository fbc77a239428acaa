package dev.kiln.runtime.serve.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Gzip-compressed model files ({@code model.onnx.gz}, or any file starting with the gzip magic bytes), which
 * {@code serve --model} accepts as well as plain ONNX files. A pruned int8 model stores its non-zero int8
 * values as raw bytes that only entropy coding shrinks further: gzip takes the 50%-pruned int8 ResNet-50-shaped
 * model from 16.2% to about 14.4% of float32. A plain ONNX file can never start with these bytes (its first
 * byte is a protobuf field tag, and 0x1f would be field 3 with an invalid wire type).
 */
final class ModelFileBytes {

    private ModelFileBytes() {
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The decompressed model; ONNX Runtime takes it from memory (protobuf files are below 2 GB anyway). */
    static byte[] inflate(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.readAllBytes();
        }
    }
}
