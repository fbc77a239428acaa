package dev.kiln.runtime.optimize.pass;

/**
 * Settings of the passes that have them.
 *
 * @param calibrationMethod {@code minmax}, {@code percentile} or {@code entropy} (int8-static)
 * @param percentile        for the percentile method, e.g. 99.999
 * @param activationType    {@code uint8} or {@code int8} activations (int8-static)
 * @param perChannel        per-channel weight scales (int8-dynamic; int8-static is always per-channel)
 * @param sparsity          target fraction of zero weights per layer (prune), 0..1
 * @param graphLevel        {@code basic} (portable, the default), {@code extended} (ONNX Runtime CPU fusions) or
 *                          {@code all} (hardware-specific layout) for the graph pass
 */
public record PassOptions(String calibrationMethod, double percentile, String activationType, boolean perChannel,
                          double sparsity, String graphLevel) {

    public static PassOptions defaults() {
        return new PassOptions("minmax", 99.999, "uint8", true, 0.5, "basic");
    }

    public PassOptions withCalibrationMethod(String method) {
        return new PassOptions(method, percentile, activationType, perChannel, sparsity, graphLevel);
    }

    public PassOptions withPercentile(double value) {
        return new PassOptions(calibrationMethod, value, activationType, perChannel, sparsity, graphLevel);
    }

    public PassOptions withPerChannel(boolean value) {
        return new PassOptions(calibrationMethod, percentile, activationType, value, sparsity, graphLevel);
    }

    public PassOptions withActivationType(String type) {
        return new PassOptions(calibrationMethod, percentile, type, perChannel, sparsity, graphLevel);
    }

    public PassOptions withSparsity(double value) {
        return new PassOptions(calibrationMethod, percentile, activationType, perChannel, value, graphLevel);
    }

    public PassOptions withGraphLevel(String level) {
        return new PassOptions(calibrationMethod, percentile, activationType, perChannel, sparsity, level);
    }
}
