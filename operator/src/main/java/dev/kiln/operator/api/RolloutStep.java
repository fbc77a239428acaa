package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "[has(self.setWeight), has(self.pause), has(self.analysis), has(self.mirror)].filter(x, x).size() == 1",
        message = "each rollout step sets exactly one of setWeight, pause, analysis or mirror")
public class RolloutStep {

    public static class Pause {
        @Pattern(Patterns.DURATION)
        @JsonPropertyDescription("How long to hold, e.g. 30s or 5m; omit to hold until promoted (kiln.dev/promote).")
        public String duration;
    }

    public static class Analysis {
        @Min(1)
        @JsonPropertyDescription("Measurements to take before going on; default: enough for "
                + "spec.rollout.analysis.consecutiveSuccesses.")
        public Integer count;
    }

    public static class Mirror {
        @Min(0)
        @Max(1)
        @JsonPropertyDescription("Fraction of stable's requests also sent to the canary, whose answers are compared "
                + "(prediction agreement).")
        public Double fraction;
    }

    @Min(0)
    @Max(100)
    @JsonPropertyDescription("Percent of traffic sent to the canary.")
    public Integer setWeight;

    @JsonPropertyDescription("Hold for a duration, or until promoted.")
    public Pause pause;

    @JsonPropertyDescription("Run spec.rollout.analysis for a number of measurements, then go on or roll back.")
    public Analysis analysis;

    @JsonPropertyDescription("Shadow traffic from stable to the canary, for agreement analysis.")
    public Mirror mirror;
}
