package dev.kiln.runtime.optimize;

import dev.kiln.contract.Goals;
import dev.kiln.contract.OptimizationPlan;

import java.util.List;

/** Checks a plan's fields before any work, so a wrong value fails fast with the field's name. */
public final class PlanChecks {

    private PlanChecks() {
    }

    public static void check(OptimizationPlan plan) {
        if (plan.apiVersion() != null && !plan.apiVersion().equals(OptimizationPlan.API_VERSION)) {
            throw OptimizeException.invalidInput("apiVersion: '" + plan.apiVersion() + "' is not "
                    + OptimizationPlan.API_VERSION);
        }
        if (plan.model() == null) {
            throw OptimizeException.invalidInput("model: missing; give --model <file.onnx> or model.uri in the plan");
        }
        if (plan.threads() != null && plan.threads() <= 0) {
            throw OptimizeException.invalidInput("threads: must be positive, got " + plan.threads());
        }
        ArtifactCompression.of(plan);
        Goals goals = plan.goals();
        if (goals == null) {
            return;
        }
        if (goals.maxAccuracyDrop() != null && (goals.maxAccuracyDrop() < 0 || goals.maxAccuracyDrop() > 1)) {
            throw OptimizeException.invalidInput("goals.maxAccuracyDrop: " + goals.maxAccuracyDrop()
                    + " is not a fraction between 0 and 1 (0.01 is one point)");
        }
        if (goals.maxLatencyMillis() != null && goals.maxLatencyMillis() <= 0) {
            throw OptimizeException.invalidInput("goals.maxLatencyMillis: must be positive, got " + goals.maxLatencyMillis());
        }
        if (goals.maxSizeBytes() != null && goals.maxSizeBytes() <= 0) {
            throw OptimizeException.invalidInput("goals.maxSizeBytes: must be positive, got " + goals.maxSizeBytes());
        }
        if (goals.latencyPercentile() != null && !List.of(50, 95, 99).contains(goals.latencyPercentile())) {
            throw OptimizeException.invalidInput("goals.latencyPercentile: " + goals.latencyPercentile()
                    + " is not 50, 95 or 99");
        }
        if (goals.objective() != null && !List.of(Goals.LATENCY, Goals.SIZE).contains(goals.objective())) {
            throw OptimizeException.invalidInput("goals.objective: '" + goals.objective() + "' is not latency or size");
        }
        if (goals.maxAccuracyDrop() != null && plan.validation() == null) {
            throw OptimizeException.invalidInput("goals.maxAccuracyDrop: needs validation data to measure accuracy; set "
                    + "validation in the plan or --validation");
        }
    }
}
