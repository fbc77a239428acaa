package dev.kiln.runtime.optimize.pass;

/**
 * Symmetric int8 weight quantization (zero point 0, values in [-127, 127]), per channel along one axis or
 * per tensor. Zero weights stay exactly zero, which keeps pruned weights sparse.
 */
final class WeightQuantizer {

    private WeightQuantizer() {
    }

    record Quantized(byte[] values, float[] scales) {
    }

    static Quantized quantize(float[] weights, long[] dims, int axis, boolean perChannel) {
        int channels = perChannel ? (int) dims[axis] : 1;
        long inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        float[] absMax = new float[channels];
        for (int i = 0; i < weights.length; i++) {
            int c = perChannel ? (int) ((i / inner) % channels) : 0;
            absMax[c] = Math.max(absMax[c], Math.abs(weights[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = absMax[c] > 0 ? absMax[c] / 127f : 1f;
        }
        byte[] values = new byte[weights.length];
        for (int i = 0; i < weights.length; i++) {
            int c = perChannel ? (int) ((i / inner) % channels) : 0;
            long q = Math.round(weights[i] / scales[c]);
            values[i] = (byte) Math.max(-127, Math.min(127, q));
        }
        return new Quantized(values, scales);
    }
}
