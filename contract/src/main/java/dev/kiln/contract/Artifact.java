package dev.kiln.contract;

/**
 * The selected model file.
 *
 * @param path      path relative to the optimizer's output folder ({@code model.onnx})
 * @param sha256    hex digest of the file
 * @param sizeBytes file size
 */
public record Artifact(String path, String sha256, long sizeBytes) {
}
