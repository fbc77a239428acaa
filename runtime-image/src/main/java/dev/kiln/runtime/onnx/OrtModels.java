package dev.kiln.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.kiln.runtime.optimize.FloatTensor;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Opening models in ONNX Runtime: running them on float feeds and saving ORT's optimized graph. */
public final class OrtModels {

    /** ONNX Runtime's graph optimization levels, as the plan names them. */
    public enum Level {
        NONE(OrtSession.SessionOptions.OptLevel.NO_OPT),
        BASIC(OrtSession.SessionOptions.OptLevel.BASIC_OPT),
        EXTENDED(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT),
        ALL(OrtSession.SessionOptions.OptLevel.ALL_OPT);

        private final OrtSession.SessionOptions.OptLevel ort;

        Level(OrtSession.SessionOptions.OptLevel ort) {
            this.ort = ort;
        }

        public static Level parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown graph optimization level '" + name
                        + "'; use basic (portable), extended or all (hardware-specific)");
            }
        }
    }

    private OrtModels() {
    }

    public static OrtSession.SessionOptions options(Level level, int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(level.ort);
        options.setIntraOpNumThreads(Math.max(1, threads));
        options.setInterOpNumThreads(1);
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return options;
    }

    /**
     * Lets ONNX Runtime optimize the model at {@code level} on the CPU provider and returns the graph it
     * saved to {@code file}.
     */
    public static OnnxMl.ModelProto optimize(OnnxMl.ModelProto model, Level level, int threads, Path file)
            throws OrtException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = options(level, threads)) {
            options.setOptimizedModelFilePath(file.toAbsolutePath().toString());
            try (OrtSession ignored = env.createSession(model.toByteArray(), options)) {
                // creating the session writes the optimized model
            }
        }
        return OnnxModels.read(file);
    }

    /** Runs the model once and returns the requested float outputs (all outputs when none are named). */
    public static Map<String, FloatTensor> run(OrtSession session, Map<String, FloatTensor> feeds, List<String> outputs)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (Map.Entry<String, FloatTensor> feed : feeds.entrySet()) {
                inputs.put(feed.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(feed.getValue().data()),
                        feed.getValue().shape()));
            }
            Map<String, FloatTensor> values = new LinkedHashMap<>();
            try (OrtSession.Result result = outputs.isEmpty() ? session.run(inputs)
                    : session.run(inputs, new java.util.HashSet<>(outputs))) {
                for (Map.Entry<String, OnnxValue> entry : result) {
                    if (entry.getValue() instanceof OnnxTensor tensor
                            && tensor.getInfo().type == ai.onnxruntime.OnnxJavaType.FLOAT) {
                        FloatBuffer buffer = tensor.getFloatBuffer();
                        float[] data = new float[buffer.remaining()];
                        buffer.get(data);
                        values.put(entry.getKey(), new FloatTensor(tensor.getInfo().getShape(), data));
                    }
                }
            }
            return values;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Opens a session on the model, runs it once and closes it. */
    public static Map<String, FloatTensor> runOnce(OnnxMl.ModelProto model, Map<String, FloatTensor> feeds, int threads)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = options(Level.ALL, threads);
             OrtSession session = env.createSession(model.toByteArray(), options)) {
            return run(session, feeds, List.of());
        }
    }
}
