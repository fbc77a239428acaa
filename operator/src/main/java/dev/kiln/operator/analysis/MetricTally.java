package dev.kiln.operator.analysis;

/** Running counts for one metric within one analysis run. */
public record MetricTally(String metric, int successes, int consecutiveSuccesses, int failures, int inconclusive) {

    public static MetricTally none(String metric) {
        return new MetricTally(metric, 0, 0, 0, 0);
    }

    /** Counts one verdict: a failure breaks the success streak, an inconclusive result neither adds nor breaks. */
    public MetricTally count(Verdict verdict) {
        return switch (verdict) {
            case Successful -> new MetricTally(metric, successes + 1, consecutiveSuccesses + 1, failures, inconclusive);
            case Failed -> new MetricTally(metric, successes, 0, failures + 1, inconclusive);
            case Inconclusive -> new MetricTally(metric, successes, consecutiveSuccesses, failures, inconclusive + 1);
        };
    }
}
