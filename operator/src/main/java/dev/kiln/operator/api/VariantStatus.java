package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

public class VariantStatus {

    @JsonPropertyDescription("Variant name, e.g. text-orientation/graph+int8-static-minmax.")
    public String name;

    @JsonPropertyDescription("The model it was made from.")
    public String candidate;

    @JsonPropertyDescription("Passes applied, in order.")
    public List<String> passes = new ArrayList<>();

    @JsonPropertyDescription("Artifact size in bytes.")
    public Long sizeBytes;

    @JsonPropertyDescription("Batch-1 latency p50 in milliseconds, as a decimal string.")
    public String latencyP50Millis;

    @JsonPropertyDescription("Batch-1 latency p99 in milliseconds, as a decimal string.")
    public String latencyP99Millis;

    @JsonPropertyDescription("Top-1 accuracy on the validation set, as a decimal string.")
    public String accuracy;

    @JsonPropertyDescription("Top-1 agreement with the original model, as a decimal string.")
    public String agreement;

    @JsonPropertyDescription("Whether every goal is met.")
    public Boolean meetsGoals;

    @JsonPropertyDescription("Goals missed, with by how much.")
    public List<String> missed = new ArrayList<>();
}
