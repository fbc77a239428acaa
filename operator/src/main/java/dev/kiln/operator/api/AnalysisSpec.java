package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "self.provider != 'prometheus' || has(self.prometheusAddress)",
        message = "spec.rollout.analysis.prometheusAddress is required when provider is prometheus")
public class AnalysisSpec {

    public enum Provider { pods, prometheus }

    @Default("pods")
    @JsonPropertyDescription("pods: Kiln scrapes each canary and stable pod's metrics itself; prometheus: query a "
            + "Prometheus server (large fleets).")
    public Provider provider = Provider.pods;

    @Pattern("^https?://.+$")
    @JsonPropertyDescription("Base URL of the Prometheus server, for provider prometheus.")
    public String prometheusAddress;

    @Pattern(Patterns.DURATION)
    @Default("30s")
    @JsonPropertyDescription("Time between measurements.")
    public String interval = "30s";

    @Min(1)
    @Default("1")
    @JsonPropertyDescription("Failed measurements of one metric that roll the canary back.")
    public Integer failureLimit = 1;

    @Min(1)
    @Default("1")
    @JsonPropertyDescription("Successful measurements in a row that an analysis step needs to pass.")
    public Integer consecutiveSuccesses = 1;

    @Min(1)
    @Default("20")
    @JsonPropertyDescription("Requests a measurement needs per track; with fewer it is Inconclusive and waits.")
    public Integer minSamples = 20;

    @Default("false")
    @JsonPropertyDescription("Measure during the whole rollout, not only in analysis steps.")
    public Boolean background = false;

    @Required
    @Size(min = 1, max = 16)
    @JsonPropertyDescription("What to measure and the thresholds.")
    public List<MetricSpec> metrics = new ArrayList<>();
}
