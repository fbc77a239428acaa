package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.tensor.Tensor;

import java.util.Map;

/** A request together with its outputs, in the order the request asked for them. */
public record InferenceResult(ValidatedRequest request, Map<String, Tensor> outputs) {
}
