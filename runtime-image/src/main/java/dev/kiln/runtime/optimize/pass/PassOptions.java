package dev.kiln.runtime.optimize.pass;

/**
 * Settings of the passes that have them.
 *
 * @param calibrationMethod {@code minmax}, {@code percentile} or {@code entropy} (int8-static)
 * @param percentile        for the percentile method, e.g. 99.99
 * @param perChannel        per-channel weight scales (int8-dynamic; int8-static is always per-channel)
 * @param sparsity          target fraction of zero weights per layer (prune), 0..1
 * @param graphLevel        {@code basic}, {@code extended} or {@code all} (graph); {@code all} is hardware-specific
 */
public record PassOptions(String calibrationMethod, double percentile, boolean perChannel, double sparsity,
                          String graphLevel) {

    public static PassOptions defaults() {
        return new PassOptions("minmax", 99.999, true, 0.5, "extended");
    }
}
