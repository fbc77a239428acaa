package dev.kiln.runtime.serve.shadow;

import dev.kiln.runtime.serve.tensor.Tensor;

import java.util.Arrays;

/**
 * Decides whether a canary's output agrees with ours. Class scores (a floating-point output of shape [N, C], C > 1)
 * agree when every row has the same top-1 class; anything else agrees when the cosine similarity reaches the
 * threshold and no element differs by more than the tolerance.
 */
public final class OutputComparator {

    private final double minCosine;
    private final double maxAbsDifference;

    public OutputComparator(double minCosine, double maxAbsDifference) {
        this.minCosine = minCosine;
        this.maxAbsDifference = maxAbsDifference;
    }

    public boolean agrees(Tensor primary, long[] shadowShape, double[] shadow) {
        if (!Arrays.equals(primary.shape(), shadowShape) || primary.elementCount() != shadow.length) {
            return false;
        }
        double[] ours = new double[shadow.length];
        for (int i = 0; i < ours.length; i++) {
            ours[i] = primary.elementAsDouble(i);
        }
        long[] shape = primary.shape();
        if (primary.datatype().isFloatingPoint() && shape.length == 2 && shape[1] > 1) {
            return sameTopClass(ours, shadow, (int) shape[1]);
        }
        return cosine(ours, shadow) >= minCosine && maxAbsDifference(ours, shadow) <= maxAbsDifference;
    }

    static boolean sameTopClass(double[] a, double[] b, int classes) {
        for (int row = 0; row < a.length / classes; row++) {
            if (argmax(a, row * classes, classes) != argmax(b, row * classes, classes)) {
                return false;
            }
        }
        return true;
    }

    private static int argmax(double[] values, int from, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return normA == normB ? 1 : 0;
        }
        return dot / Math.sqrt(normA * normB);
    }

    static double maxAbsDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double difference = Math.abs(a[i] - b[i]);
            if (!(difference <= max)) {
                max = difference;
            }
        }
        return max;
    }
}
