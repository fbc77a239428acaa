package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Counts of one metric's measurements within one analysis run. */
public class MetricTallyStatus {

    @JsonPropertyDescription("Name of the metric.")
    public String metric;

    @JsonPropertyDescription("Successful measurements.")
    public Integer successes;

    @JsonPropertyDescription("Successful measurements since the last failure.")
    public Integer consecutiveSuccesses;

    @JsonPropertyDescription("Failed measurements; reaching failureLimit rolls the canary back.")
    public Integer failures;

    @JsonPropertyDescription("Inconclusive measurements (too few samples).")
    public Integer inconclusive;
}
