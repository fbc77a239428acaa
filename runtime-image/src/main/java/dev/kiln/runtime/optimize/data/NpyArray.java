package dev.kiln.runtime.optimize.data;

import java.util.Arrays;

/**
 * The contents of one {@code .npy} file: its shape and values, floats for float32 files and longs for integer
 * files (exactly one of the two is set).
 */
public record NpyArray(String descr, long[] shape, float[] floats, long[] longs) {

    public boolean isFloat32() {
        return floats != null;
    }

    public long count() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
