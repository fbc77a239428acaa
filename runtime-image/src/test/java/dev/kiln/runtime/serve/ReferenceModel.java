package dev.kiln.runtime.serve;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** The model run in-process, one request at a time: what the server's answers must equal. */
public final class ReferenceModel implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;

    public ReferenceModel(Path file) throws OrtException {
        session = env.createSession(file.toString(), new OrtSession.SessionOptions());
        input = session.getInputNames().iterator().next();
    }

    /** Runs one FP32 input and returns the first output, flattened. */
    public float[] run(float[] data, long... shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
