package dev.kiln.operator.analysis;

/**
 * One measurement of one metric and the numbers behind its verdict. Values are in the metric's unit
 * (milliseconds for latency, fractions for errorRate and agreement, the query's value for prometheus);
 * stableValue is null where the metric has no stable side.
 */
public record MetricResult(
        String metric,
        Verdict verdict,
        Double canaryValue,
        Double stableValue,
        String threshold,
        long samples,
        String message) {
}
