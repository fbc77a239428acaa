package dev.kiln.runtime.optimize.data;

import dev.kiln.runtime.optimize.FloatTensor;

import java.util.List;
import java.util.Map;

/**
 * A loaded data set: batch-1 input tensors for one model input and, when the set has them, a class label per
 * sample.
 *
 * @param inputName the model input the tensors feed
 * @param inputs    one tensor per sample, each with batch dimension 1
 * @param labels    class index per sample, or null
 * @param origin    where the samples came from, for the report
 */
public record Samples(String inputName, List<FloatTensor> inputs, int[] labels, String origin) {

    public int size() {
        return inputs.size();
    }

    public boolean labelled() {
        return labels != null;
    }

    /** The samples as input feeds, the form passes take calibration data in. */
    public List<Map<String, FloatTensor>> feeds() {
        return inputs.stream().map(t -> Map.of(inputName, t)).toList();
    }
}
