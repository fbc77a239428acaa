package dev.kiln.runtime.optimize;

import java.util.List;
import java.util.Map;

/**
 * The plan's values as given on the command line; null (or empty) means "not given, keep the plan's".
 * Preprocessing flags apply to both data sets.
 */
public record PlanFlags(String model, String modelName, String modelSha256, Map<String, String> candidates,
                        List<String> passes, List<String> autoPasses,
                        String calibration, String calibrationLabels, Integer calibrationLimit,
                        String validation, String validationLabels, Integer validationLimit,
                        String resize, String crop, List<Double> mean, List<Double> std, String channelOrder,
                        String layout,
                        Double maxAccuracyDrop, Double maxLatencyMillis, Integer latencyPercentile, Long maxSizeBytes,
                        String objective, String executionProvider, Integer threads, String artifactCompression) {

    public static PlanFlags none() {
        return new PlanFlags(null, null, null, Map.of(), List.of(), List.of(), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
