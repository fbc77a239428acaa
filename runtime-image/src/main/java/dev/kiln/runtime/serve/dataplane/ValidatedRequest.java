package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.tensor.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request checked against the model: inputs in graph order, the outputs to return in order, which of them go
 * back as binary data. {@code stackKey} is present when the request may be stacked with others whose key is equal
 * (same non-batch dimensions); {@code rows} is then its size along the batch dimension.
 */
public record ValidatedRequest(Optional<String> id, Map<String, Tensor> inputs, List<String> outputs,
                               Set<String> binaryOutputs, long rows, Optional<String> stackKey) {
}
