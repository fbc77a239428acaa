package dev.kiln.runtime.serve.protocol;

import dev.kiln.runtime.serve.tensor.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * A decoded infer request. {@code outputs} empty means all outputs; {@code binaryOutputs} is the request-wide
 * {@code binary_data_output} parameter, which an output's own {@code binary_data} overrides.
 */
public record InferRequest(Optional<String> id, List<Tensor> inputs, List<RequestedOutput> outputs, boolean binaryOutputs) {

    /** An output the client asked for; {@code binary} empty means the request-wide default. */
    public record RequestedOutput(String name, Optional<Boolean> binary) {
    }
}
