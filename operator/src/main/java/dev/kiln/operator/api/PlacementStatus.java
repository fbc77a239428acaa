package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class PlacementStatus {

    @JsonPropertyDescription("The AcceleratorClass the pods run on.")
    public String accelerator;

    @JsonPropertyDescription("ONNX Runtime execution provider the pods use.")
    public String executionProvider;

    @JsonPropertyDescription("Why this class was chosen, and the capacity seen.")
    public String reason;
}
