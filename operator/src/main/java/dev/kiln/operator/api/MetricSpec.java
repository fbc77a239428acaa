package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "self.type != 'latency' || has(self.max) || has(self.maxRatioToStable)",
        message = "a latency metric needs max (milliseconds) and/or maxRatioToStable")
@ValidationRule(value = "self.type != 'errorRate' || has(self.max) || has(self.maxRatioToStable)",
        message = "an errorRate metric needs max (fraction) and/or maxRatioToStable")
@ValidationRule(value = "self.type != 'agreement' || has(self.min)",
        message = "an agreement metric needs min (fraction)")
@ValidationRule(value = "self.type != 'prometheus' || (has(self.query) && (has(self.min) || has(self.max)))",
        message = "a prometheus metric needs query and min and/or max")
@ValidationRule(value = "self.type != 'errorRate' || !has(self.max) || self.max <= 1.0",
        message = "errorRate max is a fraction between 0 and 1")
public class MetricSpec {

    public enum Type { latency, errorRate, agreement, prometheus }

    @Required
    @Size(max = 63)
    @JsonPropertyDescription("Name shown in status and events.")
    public String name;

    @Required
    @JsonPropertyDescription("latency (server-side, at quantile), errorRate (server errors / requests), agreement "
            + "(shadow comparison: top-1 agreement of canary with stable), prometheus (a PromQL query).")
    public Type type;

    @Min(0)
    @Max(1)
    @JsonPropertyDescription("For latency: the quantile, e.g. 0.99.")
    public Double quantile;

    @JsonPropertyDescription("Upper bound: milliseconds for latency, a fraction for errorRate, the query's value for "
            + "prometheus.")
    public Double max;

    @JsonPropertyDescription("Lower bound: a fraction for agreement, the query's value for prometheus.")
    public Double min;

    @Min(0)
    @JsonPropertyDescription("Upper bound on canary value divided by stable value, for latency and errorRate.")
    public Double maxRatioToStable;

    @JsonPropertyDescription("For prometheus: PromQL with {{selector}} replaced by the track's label selector.")
    public String query;
}
