package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

public class OptimizationStatus {

    @JsonPropertyDescription("The revision this optimization is for.")
    public String revision;

    @JsonPropertyDescription("Name of the optimization Job.")
    public String jobName;

    @JsonPropertyDescription("The metadata.generation the Job was started for; a failed optimization is retried "
            + "only by a later generation.")
    public Long generation;

    @JsonPropertyDescription("How the Job ended: Succeeded, GoalsNotMet, InvalidInput, ModelUnavailable or Failed; "
            + "unset while it runs.")
    public String outcome;

    @JsonPropertyDescription("The optimizer's one-line account of the run, or why the Job failed.")
    public String message;

    @JsonPropertyDescription("Every variant the optimizer measured (the Job's summary; report.json beside the "
            + "artifact has them all).")
    public List<VariantStatus> variants = new ArrayList<>();

    @JsonPropertyDescription("Variants left out of the summary to fit the termination message.")
    public Integer omittedVariants;

    @JsonPropertyDescription("Name of the selected variant.")
    public String selected;

    @JsonPropertyDescription("Why it was selected.")
    public String reason;

    @JsonPropertyDescription("Path of the served artifact on the artifacts volume.")
    public String artifactPath;

    @JsonPropertyDescription("sha256 of the served artifact.")
    public String artifactDigest;

    @JsonPropertyDescription("Size of the served artifact in bytes.")
    public Long artifactSizeBytes;
}
