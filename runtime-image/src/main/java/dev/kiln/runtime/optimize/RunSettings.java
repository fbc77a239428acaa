package dev.kiln.runtime.optimize;

import java.time.Duration;

/**
 * How thoroughly to measure and search; not part of the plan because they trade run time for confidence,
 * not what the user wants.
 *
 * @param warmupRuns      untimed runs before timing each variant
 * @param latencyRuns     timed batch-1 runs per variant
 * @param fallbackTrials  most trials the accuracy fallback spends per variant (0: no fallback)
 * @param keepVariants    keep every variant's file under {@code <out>/variants/}, not only the selected one
 * @param downloadTimeout longest a model download may take
 */
public record RunSettings(int warmupRuns, int latencyRuns, int fallbackTrials, boolean keepVariants,
                          Duration downloadTimeout) {

    public static RunSettings defaults() {
        return new RunSettings(20, 200, 16, false, Duration.ofMinutes(30));
    }
}
