package dev.kiln.contract;

/** Batch-1 latency percentiles in milliseconds. */
public record LatencyMillis(double p50, double p95, double p99) {
}
