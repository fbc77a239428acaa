package dev.kiln.runtime.optimize;

import dev.kiln.runtime.optimize.data.InputSpec;
import dev.kiln.runtime.optimize.data.Samples;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random inputs for a plan without validation data: enough to time the variants and compare their
 * outputs with the original's (agreement), not to judge accuracy.
 */
public final class RandomInputs {

    public static final int COUNT = 32;
    private static final long SEED = 42;

    private RandomInputs() {
    }

    public static Samples forInput(InputSpec input, String field) {
        long[] shape = input.dims().clone();
        if (shape.length > 0 && shape[0] < 0) {
            shape[0] = 1;
        }
        int size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw OptimizeException.invalidInput(field + ": missing, and model input '" + input.name() + "' "
                        + input.shapeText() + " has open dimensions besides the batch; give validation data");
            }
            size = Math.multiplyExact(size, (int) d);
        }
        Random random = new Random(SEED);
        List<dev.kiln.runtime.optimize.FloatTensor> tensors = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            float[] values = new float[size];
            for (int j = 0; j < size; j++) {
                values[j] = random.nextFloat() * 2 - 1;
            }
            tensors.add(new dev.kiln.runtime.optimize.FloatTensor(shape, values));
        }
        return new Samples(input.name(), tensors, null, COUNT + " seeded random inputs (no validation data given)");
    }
}
