package dev.kiln.runtime.serve.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Shape arithmetic and formatting shared by validation and batching. */
public final class Shapes {

    private Shapes() {
    }

    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** The shape as the protocol writes it, e.g. {@code [-1,3,48,192]}. */
    public static String format(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** Everything after the first dimension; requests can be stacked when these agree. */
    public static long[] tail(long[] shape) {
        return shape.length == 0 ? shape : Arrays.copyOfRange(shape, 1, shape.length);
    }

    public static long[] withRows(long[] shape, long rows) {
        long[] copy = shape.clone();
        copy[0] = rows;
        return copy;
    }
}
