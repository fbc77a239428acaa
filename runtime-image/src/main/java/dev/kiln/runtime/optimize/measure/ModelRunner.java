package dev.kiln.runtime.optimize.measure;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.kiln.contract.Outcome;
import dev.kiln.runtime.optimize.FloatTensor;
import dev.kiln.runtime.optimize.OptimizeException;
import dev.kiln.runtime.optimize.data.Samples;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs model files with ONNX Runtime on the chosen execution provider and thread count: their outputs on the
 * validation samples and their batch-1 latency after warm-up. Run counts are settings so tests stay fast.
 */
public final class ModelRunner {

    private final String executionProvider;
    private final int threads;
    private final int warmupRuns;
    private final int latencyRuns;

    public ModelRunner(String executionProvider, int threads, int warmupRuns, int latencyRuns) {
        if (threads <= 0 || warmupRuns < 0 || latencyRuns <= 0) {
            throw new IllegalArgumentException("threads and latency runs must be positive, warm-up runs not negative");
        }
        this.executionProvider = executionProvider.toLowerCase(Locale.ROOT);
        this.threads = threads;
        this.warmupRuns = warmupRuns;
        this.latencyRuns = latencyRuns;
        if (!List.of("cpu", "cuda").contains(this.executionProvider)) {
            throw OptimizeException.invalidInput("executionProvider: '" + executionProvider + "' is not supported; use cpu or cuda");
        }
    }

    public String executionProvider() {
        return executionProvider;
    }

    public int threads() {
        return threads;
    }

    /** Outputs on every sample, then timed runs cycling through the samples. */
    public Measurement measure(Path model, Samples samples) throws OrtException {
        try (OrtSession session = open(model); Inputs inputs = new Inputs(samples)) {
            float[][] outputs = run(session, samples.inputName(), inputs);
            for (int i = 0; i < warmupRuns; i++) {
                runOnce(session, samples.inputName(), inputs.get(i % inputs.size()));
            }
            long[] nanos = new long[latencyRuns];
            long start = System.nanoTime();
            for (int i = 0; i < latencyRuns; i++) {
                long t0 = System.nanoTime();
                runOnce(session, samples.inputName(), inputs.get(i % inputs.size()));
                nanos[i] = System.nanoTime() - t0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Measurement(LatencyStats.of(nanos), latencyRuns / seconds, outputs);
        }
    }

    /** Outputs only, for the sensitivity trials of the accuracy fallback. */
    public float[][] outputs(Path model, Samples samples) throws OrtException {
        try (OrtSession session = open(model); Inputs inputs = new Inputs(samples)) {
            return run(session, samples.inputName(), inputs);
        }
    }

    private float[][] run(OrtSession session, String inputName, Inputs inputs) throws OrtException {
        float[][] outputs = new float[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            outputs[i] = runOnce(session, inputName, inputs.get(i));
        }
        return outputs;
    }

    private static float[] runOnce(OrtSession session, String inputName, OnnxTensor input) throws OrtException {
        try (OrtSession.Result result = session.run(java.util.Map.of(inputName, input))) {
            OnnxValue value = result.get(0);
            if (!(value instanceof OnnxTensor tensor)) {
                throw new OrtException("the model's first output is not a tensor");
            }
            FloatBuffer buffer = tensor.getFloatBuffer();
            if (buffer == null) {
                throw new OrtException("the model's first output is " + tensor.getInfo().type + ", not float");
            }
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }

    private OrtSession open(Path model) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (executionProvider.equals("cuda")) {
                try {
                    options.addCUDA(0);
                } catch (OrtException e) {
                    throw new OptimizeException(Outcome.Failed, "executionProvider: cuda is not available in this "
                            + "ONNX Runtime build or on this node: " + e.getMessage(), e);
                }
            }
            return env.createSession(model.toString(), options);
        }
    }

    /** The samples as ONNX Runtime tensors, made once and closed together. */
    private static final class Inputs implements AutoCloseable {
        private final List<OnnxTensor> tensors = new ArrayList<>();

        Inputs(Samples samples) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try {
                for (FloatTensor t : samples.inputs()) {
                    tensors.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), t.shape()));
                }
            } catch (OrtException e) {
                close();
                throw e;
            }
        }

        int size() {
            return tensors.size();
        }

        OnnxTensor get(int i) {
            return tensors.get(i);
        }

        @Override
        public void close() {
            tensors.forEach(OnnxTensor::close);
        }
    }
}
