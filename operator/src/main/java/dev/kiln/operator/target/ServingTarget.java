package dev.kiln.operator.target;

/**
 * Where and how a revision runs: the accelerator it was resolved to, the runtime image and the ONNX Runtime
 * execution provider passed as {@code --ep} to both {@code optimize} and {@code serve}.
 */
public record ServingTarget(String accelerator, String image, String executionProvider) {
}
