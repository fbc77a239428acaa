package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.model.ModelSignature;
import dev.kiln.runtime.serve.model.TensorSpec;
import dev.kiln.runtime.serve.protocol.InferRequest;
import dev.kiln.runtime.serve.protocol.ProtocolException;
import dev.kiln.runtime.serve.tensor.Shapes;
import dev.kiln.runtime.serve.tensor.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks a decoded request against the model's signature; every refusal names the tensor and what was expected. */
public final class RequestValidator {

    private final ModelSignature signature;
    private final boolean allowNonFinite;

    public RequestValidator(ModelSignature signature, boolean allowNonFinite) {
        this.signature = signature;
        this.allowNonFinite = allowNonFinite;
    }

    public ValidatedRequest validate(InferRequest request) {
        Map<String, Tensor> given = new HashMap<>();
        for (Tensor tensor : request.inputs()) {
            if (given.put(tensor.name(), tensor) != null) {
                throw ProtocolException.badRequest("input '" + tensor.name() + "' is given twice");
            }
            if (signature.input(tensor.name()).isEmpty()) {
                throw ProtocolException.badRequest("unknown input '" + tensor.name() + "'; the model's inputs are "
                        + signature.inputNames());
            }
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (TensorSpec spec : signature.inputs()) {
            Tensor tensor = given.get(spec.name());
            if (tensor == null) {
                throw ProtocolException.badRequest("missing input '" + spec.name() + "' (" + spec.datatype() + " "
                        + Shapes.format(spec.shape()) + "); the model's inputs are " + signature.inputNames());
            }
            check(spec, tensor);
            inputs.put(spec.name(), tensor);
        }
        List<String> outputs = new ArrayList<>();
        Set<String> binaryOutputs = new HashSet<>();
        if (request.outputs().isEmpty()) {
            outputs.addAll(signature.outputNames());
            if (request.binaryOutputs()) {
                binaryOutputs.addAll(outputs);
            }
        }
        for (InferRequest.RequestedOutput output : request.outputs()) {
            if (signature.output(output.name()).isEmpty()) {
                throw ProtocolException.badRequest("unknown output '" + output.name() + "'; the model's outputs are "
                        + signature.outputNames());
            }
            if (outputs.contains(output.name())) {
                throw ProtocolException.badRequest("output '" + output.name() + "' is requested twice");
            }
            outputs.add(output.name());
            if (output.binary().orElse(request.binaryOutputs())) {
                binaryOutputs.add(output.name());
            }
        }
        long rows = inputs.values().iterator().next().rows();
        return new ValidatedRequest(request.id(), inputs, List.copyOf(outputs), Set.copyOf(binaryOutputs), rows,
                stackKey(inputs, rows));
    }

    private void check(TensorSpec spec, Tensor tensor) {
        String what = "input '" + spec.name() + "'";
        if (tensor.datatype() != spec.datatype()) {
            throw ProtocolException.badRequest(what + " is " + tensor.datatype() + " but the model takes " + spec.datatype());
        }
        long[] expected = spec.shape();
        long[] actual = tensor.shape();
        boolean fits = expected.length == actual.length;
        for (int i = 0; fits && i < expected.length; i++) {
            fits = expected[i] < 0 || expected[i] == actual[i];
        }
        if (!fits) {
            throw ProtocolException.badRequest(what + " has shape " + Shapes.format(actual) + " but the model takes "
                    + Shapes.format(expected) + " (-1 = any size)");
        }
        if (!allowNonFinite) {
            int index = tensor.firstNonFinite();
            if (index >= 0) {
                throw ProtocolException.badRequest(what + " element " + index + " is " + tensor.elementAsDouble(index)
                        + " (or beyond the " + tensor.datatype() + " range); this server takes finite values only"
                        + " (kiln.serve.allow-non-finite)");
            }
        }
    }

    /** Stackable when the model batches and every input agrees on the batch size; the key is the other dims. */
    private Optional<String> stackKey(Map<String, Tensor> inputs, long rows) {
        if (!signature.batchable()) {
            return Optional.empty();
        }
        StringBuilder key = new StringBuilder();
        for (Tensor tensor : inputs.values()) {
            if (tensor.rows() != rows) {
                return Optional.empty();
            }
            key.append(Shapes.format(Shapes.tail(tensor.shape())));
        }
        return Optional.of(key.toString());
    }
}
