package dev.kiln.runtime.optimize.select;

import dev.kiln.contract.Goals;
import dev.kiln.runtime.optimize.measure.LatencyStats;
import dev.kiln.runtime.optimize.report.VariantReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a measured variant against the goals. Accuracy drop is measured against the primary model in
 * float32: top-1 accuracy where labels exist, otherwise 1 - agreement with its outputs.
 */
public final class GoalEvaluator {

    public static final int DEFAULT_PERCENTILE = 99;

    private final Goals goals;

    public GoalEvaluator(Goals goals) {
        this.goals = goals == null ? new Goals(null, null, null, null, null) : goals;
    }

    public int percentile() {
        return goals.latencyPercentile() == null ? DEFAULT_PERCENTILE : goals.latencyPercentile();
    }

    public Goals goals() {
        return goals;
    }

    /** Accuracy drop of a variant against the primary model's float32 accuracy (null without labels). */
    public static double accuracyDrop(Double baselineAccuracy, Double accuracy, double agreement) {
        if (baselineAccuracy != null && accuracy != null) {
            return baselineAccuracy - accuracy;
        }
        return 1.0 - agreement;
    }

    public boolean accuracyMet(double drop) {
        return goals.maxAccuracyDrop() == null || drop <= goals.maxAccuracyDrop() + 1e-12;
    }

    public List<GoalMiss> misses(VariantReport variant) {
        List<GoalMiss> misses = new ArrayList<>();
        if (!variant.measured()) {
            return misses;
        }
        if (goals.maxAccuracyDrop() != null && !accuracyMet(variant.accuracyDrop())) {
            misses.add(new GoalMiss("accuracy drop", variant.accuracyDrop() * 100, goals.maxAccuracyDrop() * 100, "points"));
        }
        if (goals.maxLatencyMillis() != null) {
            double latency = LatencyStats.at(variant.latencyMillis(), percentile());
            if (latency > goals.maxLatencyMillis()) {
                misses.add(new GoalMiss("latency p" + percentile(), latency, goals.maxLatencyMillis(), "ms"));
            }
        }
        if (goals.maxSizeBytes() != null && variant.sizeBytes() > goals.maxSizeBytes()) {
            misses.add(new GoalMiss("size", variant.sizeBytes(), goals.maxSizeBytes(), "bytes"));
        }
        return misses;
    }

    /** The variant with {@code meetsGoals} and {@code missed} filled in. */
    public VariantReport evaluate(VariantReport variant) {
        if (!variant.measured()) {
            return variant.withGoals(false, variant.missed());
        }
        List<GoalMiss> misses = misses(variant);
        return variant.withGoals(misses.isEmpty(), misses.stream().map(GoalMiss::describe).toList());
    }
}
