package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.steps) || self.steps.filter(s, has(s.setWeight)).map(s, s.setWeight).isSorted()",
        message = "spec.rollout.steps: setWeight values must not decrease from one step to the next")
@ValidationRule(value = "!has(self.steps) || !self.steps.exists(s, has(s.analysis)) || has(self.analysis)",
        message = "spec.rollout.analysis must define the metrics when steps contain an analysis step")
public class RolloutSpec {

    @JsonPropertyDescription("Canary steps, walked in order after the new revision's optimization succeeds. Empty: "
            + "the new revision takes over once all its pods are ready (blue/green).")
    @Size(max = 32)
    public List<RolloutStep> steps = new ArrayList<>();

    @JsonPropertyDescription("Metrics that judge the canary against stable, used by analysis steps and, when "
            + "background is true, during the whole rollout.")
    public AnalysisSpec analysis;

    @JsonPropertyDescription("How traffic is split between stable and canary.")
    public TrafficSpec traffic = new TrafficSpec();

    @Default("false")
    @JsonPropertyDescription("Hold the rollout at its current step.")
    public Boolean paused = false;

    @Min(30)
    @Default("600")
    @JsonPropertyDescription("Seconds one step may take before the rollout fails and rolls back.")
    public Integer progressDeadlineSeconds = 600;

    @Min(0)
    @Default("30")
    @JsonPropertyDescription("Seconds the old revision keeps running after promotion or rollback before it is "
            + "scaled down.")
    public Integer scaleDownDelaySeconds = 30;
}
