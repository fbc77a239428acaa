package dev.kiln.runtime.optimize.pass.calibration;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import dev.kiln.runtime.optimize.FloatTensor;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activation ranges already calibrated, by float model and method, so that the accuracy fallback's trials do
 * not run the calibration set again for a model they have calibrated: keeping nodes in float changes which
 * tensors are quantized, not the float values flowing through them. A trial whose earlier passes change the
 * float model (prune skips the kept nodes) has a different model and is calibrated afresh. One cache serves
 * one calibration set; it holds the ranges of the last few models only.
 */
public final class CalibrationCache {

    private static final int MODELS = 4;

    private final Map<String, Map<String, Range>> byModel = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Range>> eldest) {
            return size() > MODELS;
        }
    };
    private int calibrations;

    /** The ranges of {@code tensors}, calibrating only those this model and method have not had yet. */
    public synchronized Map<String, Range> ranges(ActivationCalibrator calibrator, OnnxMl.ModelProto model,
                                                  Set<String> tensors, List<Map<String, FloatTensor>> feeds)
            throws OrtException {
        Map<String, Range> known = byModel.computeIfAbsent(key(calibrator, model), k -> new HashMap<>());
        Set<String> missing = new LinkedHashSet<>(tensors);
        missing.removeAll(known.keySet());
        if (!missing.isEmpty()) {
            known.putAll(calibrator.calibrate(model, missing, feeds));
            calibrations++;
        }
        Map<String, Range> ranges = new HashMap<>();
        for (String tensor : tensors) {
            ranges.put(tensor, known.get(tensor));
        }
        return ranges;
    }

    /** Calibration runs made so far (each over the whole calibration set). */
    public synchronized int calibrations() {
        return calibrations;
    }

    private static String key(ActivationCalibrator calibrator, OnnxMl.ModelProto model) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return calibrator.settings() + "/" + HexFormat.of().formatHex(digest.digest(model.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
