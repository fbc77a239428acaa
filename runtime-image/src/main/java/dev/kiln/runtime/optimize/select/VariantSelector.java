package dev.kiln.runtime.optimize.select;

import dev.kiln.contract.Goals;
import dev.kiln.runtime.optimize.measure.LatencyStats;
import dev.kiln.runtime.optimize.report.VariantReport;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Picks the variant to ship. Among the variants that meet every goal, the best by the objective: the lowest
 * latency at the goal's percentile ({@code latency}, the default) or the smallest file ({@code size}); ties go
 * to the smaller file, then the lower latency, then the name, so the choice is reproducible. When none meets
 * every goal, the best effort is the variant with the fewest misses, then the smallest total miss relative to
 * the bounds, then the objective.
 */
public final class VariantSelector {

    private final GoalEvaluator evaluator;
    private final boolean bySize;

    public VariantSelector(GoalEvaluator evaluator) {
        this.evaluator = evaluator;
        String objective = evaluator.goals().objective();
        this.bySize = Goals.SIZE.equalsIgnoreCase(objective);
    }

    public Selection select(List<VariantReport> variants) {
        List<VariantReport> measured = variants.stream().filter(VariantReport::measured).toList();
        if (measured.isEmpty()) {
            return new Selection(null, false, "no variant could be built and measured");
        }
        Comparator<VariantReport> byObjective = objectiveOrder();
        List<VariantReport> meeting = measured.stream().filter(VariantReport::meetsGoals).sorted(byObjective).toList();
        if (!meeting.isEmpty()) {
            VariantReport best = meeting.get(0);
            StringBuilder reason = new StringBuilder(String.format(Locale.ROOT, "%s (%s) among the %d of %d variants "
                    + "that meet every goal", bySize ? "smallest file" : "lowest p" + evaluator.percentile() + " latency",
                    objectiveText(best), meeting.size(), variants.size()));
            if (meeting.size() > 1) {
                reason.append(String.format(Locale.ROOT, "; next best %s (%s)", meeting.get(1).name(),
                        objectiveText(meeting.get(1))));
            }
            return new Selection(best, true, reason.toString());
        }
        VariantReport best = measured.stream().sorted(Comparator
                .comparingInt((VariantReport v) -> evaluator.misses(v).size())
                .thenComparingDouble(v -> evaluator.misses(v).stream().mapToDouble(GoalMiss::relativeExcess).sum())
                .thenComparing(byObjective)).findFirst().orElseThrow();
        return new Selection(best, false, String.format(Locale.ROOT, "no variant meets every goal; best effort is the "
                + "one with the fewest and smallest misses: %s", String.join("; ", best.missed())));
    }

    private Comparator<VariantReport> objectiveOrder() {
        Comparator<VariantReport> latency = Comparator.comparingDouble(this::latency);
        Comparator<VariantReport> size = Comparator.comparingLong(VariantReport::sizeBytes);
        Comparator<VariantReport> primary = bySize ? size.thenComparing(latency) : latency.thenComparing(size);
        return primary.thenComparing(VariantReport::name);
    }

    private double latency(VariantReport v) {
        return LatencyStats.at(v.latencyMillis(), evaluator.percentile());
    }

    private String objectiveText(VariantReport v) {
        return bySize ? v.sizeBytes() + " bytes" : String.format(Locale.ROOT, "%.3f ms", latency(v));
    }
}
