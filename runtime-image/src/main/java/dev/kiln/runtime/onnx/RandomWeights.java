package dev.kiln.runtime.onnx;

import java.util.SplittableRandom;

/** Seeded random initial weights with scales that keep activations of deep nets finite and meaningful. */
final class RandomWeights {

    private final SplittableRandom random;

    RandomWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** He (Kaiming) normal: standard deviation sqrt(2 / fanIn), suited to ReLU nets; times {@code gain}. */
    float[] he(int count, int fanIn, double gain) {
        double std = Math.sqrt(2.0 / fanIn) * gain;
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    float[] normal(int count, double std) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }

    float[] uniform(int count, double low, double high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (low + random.nextDouble() * (high - low));
        }
        return values;
    }
}
