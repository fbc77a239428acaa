package dev.kiln.runtime.optimize.measure;

/**
 * How a variant's outputs compare with labels and with the primary model's float32 outputs.
 *
 * @param accuracy    top-1 accuracy against labels; null without labels
 * @param agreement   fraction of samples whose top-1 class equals the reference's
 * @param meanAbsDiff mean absolute difference of all output values against the reference
 */
public record OutputComparison(Double accuracy, double agreement, double meanAbsDiff) {

    public static OutputComparison of(float[][] reference, float[][] outputs, int[] labels) {
        if (reference.length != outputs.length || reference.length == 0) {
            throw new IllegalArgumentException("reference has " + reference.length + " outputs, variant " + outputs.length);
        }
        int agree = 0;
        int correct = 0;
        double absDiff = 0;
        long values = 0;
        for (int i = 0; i < outputs.length; i++) {
            if (reference[i].length != outputs[i].length) {
                throw new IllegalArgumentException("sample " + i + ": reference output has " + reference[i].length
                        + " values, variant " + outputs[i].length);
            }
            int top = argmax(outputs[i]);
            if (top == argmax(reference[i])) {
                agree++;
            }
            if (labels != null && top == labels[i]) {
                correct++;
            }
            for (int j = 0; j < outputs[i].length; j++) {
                absDiff += Math.abs((double) outputs[i][j] - reference[i][j]);
            }
            values += outputs[i].length;
        }
        Double accuracy = labels == null ? null : (double) correct / outputs.length;
        return new OutputComparison(accuracy, (double) agree / outputs.length, absDiff / values);
    }

    /** Top-1 accuracy of outputs against labels. */
    public static double accuracy(float[][] outputs, int[] labels) {
        int correct = 0;
        for (int i = 0; i < outputs.length; i++) {
            if (argmax(outputs[i]) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / outputs.length;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
