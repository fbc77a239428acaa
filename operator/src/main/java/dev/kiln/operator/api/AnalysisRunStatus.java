package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** The counts of one analysis run: an analysis step, or the background analysis of the rollout. */
public class AnalysisRunStatus {

    @JsonPropertyDescription("Measurements taken.")
    public Integer measurements;

    @JsonPropertyDescription("Measurements where no metric was Inconclusive.")
    public Integer conclusiveMeasurements;

    @JsonPropertyDescription("Counts per metric.")
    public List<MetricTallyStatus> metrics = new ArrayList<>();
}
