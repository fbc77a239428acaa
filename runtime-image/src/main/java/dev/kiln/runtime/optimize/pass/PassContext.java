package dev.kiln.runtime.optimize.pass;

import dev.kiln.runtime.optimize.FloatTensor;
import dev.kiln.runtime.optimize.pass.calibration.CalibrationCache;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a pass may use besides the model.
 *
 * @param calibration       input feeds (input name to tensor) for static quantization; empty when the plan has
 *                          no calibration data
 * @param keepInFloat       names of nodes the accuracy-aware fallback wants left in float32
 * @param executionProvider the target provider ({@code cpu}, {@code cuda}, ...)
 * @param threads           intra-op threads for any ONNX Runtime session a pass opens
 * @param workDir           scratch folder for files a pass needs (e.g. ONNX Runtime's optimized model output)
 * @param options           pass-specific settings (calibration method, sparsity, per-channel, ...)
 * @param calibrationCache  activation ranges already calibrated on {@code calibration}, shared by the builds
 *                          of one optimization run
 */
public record PassContext(List<Map<String, FloatTensor>> calibration, Set<String> keepInFloat,
                          String executionProvider, int threads, Path workDir, PassOptions options,
                          CalibrationCache calibrationCache) {

    /** A context with a cache of its own (nothing shared). */
    public PassContext(List<Map<String, FloatTensor>> calibration, Set<String> keepInFloat,
                       String executionProvider, int threads, Path workDir, PassOptions options) {
        this(calibration, keepInFloat, executionProvider, threads, workDir, options, new CalibrationCache());
    }
}
