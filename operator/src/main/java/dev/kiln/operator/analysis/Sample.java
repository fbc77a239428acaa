package dev.kiln.operator.analysis;

import java.util.Map;

/** One line of a Prometheus text exposition: a metric name, its labels and its value. */
public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
        labels = Map.copyOf(labels);
    }

    public String label(String labelName) {
        return labels.get(labelName);
    }
}
