package dev.kiln.runtime.optimize.measure;

import dev.kiln.contract.LatencyMillis;

import java.util.Arrays;

/** Percentiles of run times by the nearest-rank method: the value at rank ceil(p/100 * n). */
public final class LatencyStats {

    private LatencyStats() {
    }

    public static LatencyMillis of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latency samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencyMillis(millis(sorted, 50), millis(sorted, 95), millis(sorted, 99));
    }

    static double millis(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** The latency at a goal percentile: 50, 95 or 99. */
    public static double at(LatencyMillis latency, int percentile) {
        return switch (percentile) {
            case 50 -> latency.p50();
            case 95 -> latency.p95();
            case 99 -> latency.p99();
            default -> throw new IllegalArgumentException("latency percentile must be 50, 95 or 99, got " + percentile);
        };
    }
}
