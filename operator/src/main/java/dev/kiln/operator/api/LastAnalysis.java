package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One metric's latest measurement and the numbers behind its verdict. */
public class LastAnalysis {

    @JsonPropertyDescription("Name of the metric in spec.rollout.analysis.metrics.")
    public String metric;

    @JsonPropertyDescription("Successful, Failed or Inconclusive (too few samples: waits, not a failure).")
    public String verdict;

    @JsonPropertyDescription("The canary's value: milliseconds for latency, a fraction for errorRate and agreement, "
            + "the query's value for prometheus.")
    public Double canaryValue;

    @JsonPropertyDescription("The stable track's value, where the metric compares with stable.")
    public Double stableValue;

    @JsonPropertyDescription("The thresholds the value was held to.")
    public String threshold;

    @JsonPropertyDescription("Requests (or shadow comparisons) the canary value is based on.")
    public Long samples;

    @JsonPropertyDescription("The verdict in words.")
    public String message;
}
