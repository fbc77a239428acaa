package dev.kiln.runtime.optimize.data;

import java.util.Arrays;

/**
 * A model's single input: its name and dimensions, with -1 for a dimension the model leaves open (the batch,
 * usually).
 */
public record InputSpec(String name, long[] dims) {

    /** Whether a batch-1 sample of this shape fits the input. */
    public boolean accepts(long[] sampleShape) {
        if (sampleShape.length != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] >= 0 && dims[i] != sampleShape[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean sameShapeAs(InputSpec other) {
        return Arrays.equals(dims, other.dims);
    }

    public String shapeText() {
        return Arrays.toString(dims).replace("-1", "?");
    }
}
