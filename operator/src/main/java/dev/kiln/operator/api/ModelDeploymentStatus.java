package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

import java.util.ArrayList;
import java.util.List;

public class ModelDeploymentStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Pending, Optimizing, Deploying, Progressing, Paused, Healthy, Degraded or Failed.")
    public Phase phase;

    @JsonPropertyDescription("Ready, Reconciling, Stalled, Optimized and domain conditions, each with a reason and "
            + "a message.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The revision the spec asks for: a hash of what changes what is served.")
    public String currentRevision;

    @JsonPropertyDescription("The revision serving traffic.")
    public String stableRevision;

    @JsonPropertyDescription("The optimization of currentRevision: Job, every variant, the selected one and why.")
    public OptimizationStatus optimization;

    @JsonPropertyDescription("Where the inference pods run and why.")
    public PlacementStatus placement;

    @JsonPropertyDescription("Canary state of currentRevision while it rolls out.")
    public RolloutStatus rollout;

    @StatusReplicas
    @JsonPropertyDescription("Inference pods of the serving revision.")
    public Integer replicas;

    @JsonPropertyDescription("Ready inference pods of the serving revision.")
    public Integer readyReplicas;

    @JsonPropertyDescription("readyReplicas/desired replicas, for kubectl get.")
    public String ready;

    @LabelSelector
    @JsonPropertyDescription("Label selector of the serving pods, for the scale subresource and autoscalers.")
    public String selector;

    @JsonPropertyDescription("In-cluster URL of the serving endpoint.")
    public String url;
}
