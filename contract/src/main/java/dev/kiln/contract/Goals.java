package dev.kiln.contract;

/**
 * What the selected variant must meet. A null bound is no bound.
 *
 * @param maxAccuracyDrop   largest allowed drop of top-1 accuracy (or agreement, without labels) against the
 *                          primary model in float32, as a fraction: 0.01 is one point
 * @param maxLatencyMillis  largest allowed latency at {@code latencyPercentile}, batch 1
 * @param latencyPercentile 50, 95 or 99
 * @param maxSizeBytes      largest allowed artifact size
 * @param objective         what to minimise among the variants that meet every bound: {@code latency} or
 *                          {@code size}
 */
public record Goals(Double maxAccuracyDrop, Double maxLatencyMillis, Integer latencyPercentile,
                    Long maxSizeBytes, String objective) {

    public static final String LATENCY = "latency";
    public static final String SIZE = "size";
}
