package dev.kiln.runtime.optimize;

import java.util.Arrays;

/** A dense float32 tensor in row-major order: one model input of one sample, or a batch of them. */
public record FloatTensor(long[] shape, float[] data) {

    public FloatTensor {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " values, got " + data.length);
        }
    }
}
