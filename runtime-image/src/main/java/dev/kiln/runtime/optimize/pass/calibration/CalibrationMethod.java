package dev.kiln.runtime.optimize.pass.calibration;

import java.util.Locale;

/** How an activation's quantization range is chosen from the values seen during calibration. */
public enum CalibrationMethod {
    /** The full observed range: no value clipped, coarser steps when there are outliers. */
    MINMAX,
    /** The range between the (100-p)th and p-th percentiles of the observed values; outliers are clipped. */
    PERCENTILE,
    /** The clipping threshold whose 128-level quantized histogram is closest (KL divergence) to the observed one. */
    ENTROPY;

    public static CalibrationMethod parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown calibration method '" + name
                    + "'; use minmax, percentile or entropy");
        }
    }

    public boolean needsHistogram() {
        return this != MINMAX;
    }
}
