package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the rollout planner needs to continue, so an operator restart resumes at the same step with the
 * same counters. Times are RFC 3339.
 */
public class RolloutStatus {

    @JsonPropertyDescription("The revision rolling out as the canary.")
    public String canaryRevision;

    @JsonPropertyDescription("Progressing, Paused, Promoted, RolledBack or Superseded.")
    public RolloutPhase phase;

    @JsonPropertyDescription("Index of the current step in spec.rollout.steps.")
    public Integer stepIndex;

    @JsonPropertyDescription("Percent of traffic the canary receives now.")
    public Integer canaryWeight;

    @JsonPropertyDescription("Percent of traffic the current step asks for; canaryWeight stays 0 while the canary "
            + "pods are not Ready.")
    public Integer desiredWeight;

    @JsonPropertyDescription("Canary share actually in effect: the HTTPRoute weight once Accepted, or the canary's "
            + "share of Ready replicas.")
    public Integer achievedWeight;

    @JsonPropertyDescription("Fraction of stable's requests mirrored to the canary for comparison; 0: none.")
    public Double mirrorFraction;

    @JsonPropertyDescription("When the current step started (shifted by time spent paused).")
    public String stepStartedAt;

    @JsonPropertyDescription("When the current step last made progress; the progress deadline counts from here.")
    public String lastProgressAt;

    @JsonPropertyDescription("When spec.rollout.paused began holding the rollout.")
    public String pausedAt;

    @JsonPropertyDescription("When the analysis last measured.")
    public String lastMeasurementAt;

    @JsonPropertyDescription("Counts of the current analysis step.")
    public AnalysisRunStatus stepAnalysis;

    @JsonPropertyDescription("Counts of the background analysis over the whole rollout.")
    public AnalysisRunStatus backgroundAnalysis;

    @JsonPropertyDescription("The latest measurement of each metric.")
    public List<LastAnalysis> lastAnalysis = new ArrayList<>();

    @JsonPropertyDescription("Why the rollout is where it is, as one CamelCase word (e.g. AnalysisFailed).")
    public String reason;

    @JsonPropertyDescription("What the rollout is doing or waiting for, or why it rolled back.")
    public String message;

    @JsonPropertyDescription("Revisions to be scaled down after promotion or rollback, and when.")
    public List<ScaleDownStatus> scaleDowns = new ArrayList<>();
}
