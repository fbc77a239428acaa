package dev.kiln.operator.analysis;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The counts of one analysis run (one analysis step, or the background analysis of a rollout): measurements
 * taken, how many were conclusive (no metric Inconclusive), and a tally per metric. Immutable; kept in status so
 * a restarted operator continues the counts.
 */
public record AnalysisRun(int measurements, int conclusiveMeasurements, List<MetricTally> tallies) {

    public enum Outcome { Running, Passed, Failed }

    public static final AnalysisRun NEW = new AnalysisRun(0, 0, List.of());

    public AnalysisRun {
        tallies = List.copyOf(tallies);
    }

    /** Adds one measurement round (one result per metric). */
    public AnalysisRun record(List<MetricResult> results) {
        Map<String, MetricTally> byMetric = new LinkedHashMap<>();
        tallies.forEach(t -> byMetric.put(t.metric(), t));
        boolean conclusive = true;
        for (MetricResult result : results) {
            byMetric.put(result.metric(), tally(result.metric()).count(result.verdict()));
            conclusive &= result.verdict() != Verdict.Inconclusive;
        }
        return new AnalysisRun(measurements + 1, conclusiveMeasurements + (conclusive ? 1 : 0),
                new ArrayList<>(byMetric.values()));
    }

    public MetricTally tally(String metric) {
        return tallies.stream().filter(t -> t.metric().equals(metric)).findFirst().orElse(MetricTally.none(metric));
    }

    /** The first metric of the spec whose failures reached failureLimit. */
    public Optional<String> failedMetric(AnalysisSpec spec) {
        for (MetricSpec metric : spec.metrics) {
            if (tally(metric.name).failures() >= spec.failureLimit) {
                return Optional.of(metric.name);
            }
        }
        return Optional.empty();
    }

    /**
     * Failed once a metric failed failureLimit times; Passed after requiredMeasurements conclusive rounds with
     * every metric's current streak at least consecutiveSuccesses; otherwise Running.
     */
    public Outcome outcome(AnalysisSpec spec, int requiredMeasurements) {
        if (failedMetric(spec).isPresent()) {
            return Outcome.Failed;
        }
        if (conclusiveMeasurements < requiredMeasurements) {
            return Outcome.Running;
        }
        for (MetricSpec metric : spec.metrics) {
            if (tally(metric.name).consecutiveSuccesses() < spec.consecutiveSuccesses) {
                return Outcome.Running;
            }
        }
        return Outcome.Passed;
    }
}
