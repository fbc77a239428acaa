package dev.kiln.runtime.optimize.measure;

import dev.kiln.contract.LatencyMillis;

/**
 * What running one model file on the validation samples showed.
 *
 * @param latency             batch-1 latency percentiles after warm-up
 * @param throughputPerSecond batch-1 runs per second over the timed runs
 * @param outputs             the first output of every validation sample, flattened
 */
public record Measurement(LatencyMillis latency, double throughputPerSecond, float[][] outputs) {
}
