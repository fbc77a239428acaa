package dev.kiln.runtime.serve.model;

import dev.kiln.runtime.serve.tensor.Datatype;

/** A model input or output as metadata reports it; -1 marks a dynamic dimension. */
public record TensorSpec(String name, Datatype datatype, long[] shape) {

    /** True when the first dimension is dynamic, which is what dynamic batching needs. */
    public boolean hasDynamicBatch() {
        return shape.length > 0 && shape[0] < 0;
    }
}
