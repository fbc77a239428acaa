package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class RolloutStatus {

    @JsonPropertyDescription("The revision rolling out as the canary.")
    public String canaryRevision;

    @JsonPropertyDescription("Index of the current step in spec.rollout.steps.")
    public Integer stepIndex;

    @JsonPropertyDescription("Percent of traffic the canary receives now.")
    public Integer canaryWeight;
}
