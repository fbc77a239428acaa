package dev.kiln.runtime.serve.model;

import java.util.List;
import java.util.Optional;

/** The model's inputs and outputs in graph order. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Requests can be stacked only when every input and output has a dynamic first dimension. */
    public boolean batchable() {
        return inputs.stream().allMatch(TensorSpec::hasDynamicBatch)
                && outputs.stream().allMatch(TensorSpec::hasDynamicBatch);
    }

    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    public List<String> outputNames() {
        return outputs.stream().map(TensorSpec::name).toList();
    }
}
