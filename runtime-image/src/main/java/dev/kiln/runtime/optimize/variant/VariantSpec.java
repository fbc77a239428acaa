package dev.kiln.runtime.optimize.variant;

import java.util.List;

/**
 * One variant to build and measure: a model and the passes to apply to it (none for the original).
 *
 * @param candidate the model name
 * @param steps     passes in order
 */
public record VariantSpec(String candidate, List<PassStep> steps) {

    public static final String ORIGINAL = "original";

    public String name() {
        return candidate + "/" + pipelineName(steps);
    }

    public List<String> labels() {
        return steps.stream().map(PassStep::label).toList();
    }

    public boolean quantized() {
        return steps.stream().anyMatch(PassStep::quantizes);
    }

    public static String pipelineName(List<PassStep> steps) {
        return steps.isEmpty() ? ORIGINAL : String.join("+", steps.stream().map(PassStep::label).toList());
    }
}
