package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.maxLatencyMillis) || self.maxLatencyMillis > 0.0",
        message = "goals.maxLatencyMillis must be greater than 0")
public class Goals {

    public enum Objective {
        @JsonProperty("latency") LATENCY,
        @JsonProperty("size") SIZE
    }

    @Min(0)
    @Max(1)
    @JsonPropertyDescription("Largest allowed drop in top-1 accuracy against the original float32 model, as a "
            + "fraction: 0.01 is one point.")
    public Double maxAccuracyDrop;

    @JsonPropertyDescription("Largest allowed batch-1 latency in milliseconds at latencyPercentile, measured on "
            + "the target hardware.")
    public Double maxLatencyMillis;

    @Default("99")
    @JsonPropertyDescription("Percentile maxLatencyMillis applies to: 50, 95 or 99.")
    @io.fabric8.generator.annotation.ValidationRule(value = "self == 50 || self == 95 || self == 99",
            message = "goals.latencyPercentile must be 50, 95 or 99")
    public Integer latencyPercentile = 99;

    @Min(1)
    @JsonPropertyDescription("Largest allowed artifact size in bytes.")
    public Long maxSizeBytes;

    @Default("latency")
    @JsonPropertyDescription("What to minimise among the variants that meet every bound: latency or size.")
    public Objective objective = Objective.LATENCY;
}
