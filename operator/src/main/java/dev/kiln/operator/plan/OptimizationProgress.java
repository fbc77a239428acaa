package dev.kiln.operator.plan;

import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;

/**
 * Where the optimization of one revision stands: running, or finished with an outcome.
 *
 * @param jobName        the Job of this attempt
 * @param generation     the metadata.generation the attempt was started for
 * @param outcome        null while running
 * @param message        for people: the optimizer's message, or why the Job failed
 * @param summary        the optimizer's summary as read from the Job's pod; null while running, when the pod left
 *                       none, or when the outcome is remembered from status after the Job was cleaned up
 * @param artifactPath   the artifact to serve, relative to the root of the artifacts volume; null unless succeeded
 * @param artifactDigest its sha256
 */
public record OptimizationProgress(String jobName, long generation, Outcome outcome, String message,
                                   OptimizationSummary summary, String artifactPath, String artifactDigest) {

    public static OptimizationProgress running(String jobName, long generation) {
        return new OptimizationProgress(jobName, generation, null, "optimization Job " + jobName + " is running",
                null, null, null);
    }

    /** Not started: under capacityPolicy Hold the Job waits until the class it measures on has room. */
    public static OptimizationProgress waitingForCapacity(String jobName, long generation, String why) {
        return new OptimizationProgress(jobName, generation, null, "optimization Job " + jobName
                + " waits for accelerator capacity: " + why, null, null, null);
    }

    public static OptimizationProgress failed(String jobName, long generation, Outcome outcome, String message,
                                              OptimizationSummary summary) {
        return new OptimizationProgress(jobName, generation, outcome == Outcome.Succeeded ? Outcome.Failed : outcome,
                message, summary, null, null);
    }

    public boolean isRunning() {
        return outcome == null;
    }

    /** Succeeded with an artifact: the only outcome that leads to a Deployment. */
    public boolean isServable() {
        return outcome == Outcome.Succeeded && artifactPath != null;
    }

    public boolean isFailed() {
        return outcome != null && !isServable();
    }
}
