package dev.kiln.runtime.serve.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.kiln.runtime.serve.tensor.Datatype;
import dev.kiln.runtime.serve.tensor.Shapes;
import dev.kiln.runtime.serve.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** One ONNX Runtime session and the signature read from it. Thread-safe: ONNX Runtime sessions allow concurrent runs. */
public final class LoadedModel implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSignature signature;

    private LoadedModel(OrtEnvironment env, OrtSession session, ModelSignature signature) {
        this.env = env;
        this.session = session;
        this.signature = signature;
    }

    /** Opens the model on the given provider; {@code threads} of 0 leaves the intra-op thread count to ONNX Runtime. */
    public static LoadedModel open(Path file, ExecutionProvider provider, int threads) throws OrtException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + " (--model) does not exist or is not a file");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (threads > 0) {
                options.setIntraOpNumThreads(threads);
            }
            options.setInterOpNumThreads(1);
            provider.attach(env, options);
            OrtSession session = ModelFileBytes.isGzip(file)
                    ? env.createSession(ModelFileBytes.inflate(file), options)
                    : env.createSession(file.toString(), options);
            try {
                return new LoadedModel(env, session, new ModelSignature(
                        specs("input", session.getInputInfo()), specs("output", session.getOutputInfo())));
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
        }
    }

    private static List<TensorSpec> specs(String role, Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new IllegalArgumentException("model " + role + " '" + node.getName() + "' is " + node.getInfo()
                        + "; the server serves tensor inputs and outputs only");
            }
            Datatype datatype = Datatype.fromOnnx(info.onnxType).orElseThrow(() -> new IllegalArgumentException(
                    "model " + role + " '" + node.getName() + "' has element type " + info.onnxType
                            + "; the server serves BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, FP32 and FP64"));
            specs.add(new TensorSpec(node.getName(), datatype, info.getShape()));
        }
        return List.copyOf(specs);
    }

    public ModelSignature signature() {
        return signature;
    }

    /** Runs the model on validated inputs and returns the named outputs. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputNames) throws OrtException {
        Map<String, OnnxTensor> onnxInputs = new LinkedHashMap<>();
        try {
            for (Tensor tensor : inputs.values()) {
                onnxInputs.put(tensor.name(), OnnxTensor.createTensor(env, ortBuffer(tensor), tensor.shape(),
                        tensor.datatype().javaType()));
            }
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(onnxInputs, outputNames)) {
                for (Map.Entry<String, OnnxValue> entry : result) {
                    OnnxTensor value = (OnnxTensor) entry.getValue();
                    TensorSpec spec = signature.output(entry.getKey()).orElseThrow();
                    outputs.put(entry.getKey(), new Tensor(entry.getKey(), spec.datatype(),
                            value.getInfo().getShape(), value.getByteBuffer()));
                }
            }
            return outputs;
        } finally {
            onnxInputs.values().forEach(OnnxTensor::close);
        }
    }

    private static ByteBuffer ortBuffer(Tensor tensor) {
        ByteBuffer data = tensor.data();
        if (data.isDirect() && data.position() == 0 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return data.order(ByteOrder.nativeOrder());
        }
        return tensor.directCopy();
    }

    /**
     * Runs the model on zeros so the first real request does not pay for lazy initialisation. Dynamic dimensions
     * are taken as 1. Stops early, returning false, once {@code keepGoing} says so (the server is stopping).
     */
    public boolean warmUp(int runs, BooleanSupplier keepGoing) throws OrtException {
        Map<String, Tensor> zeros = new LinkedHashMap<>();
        for (TensorSpec input : signature.inputs()) {
            long[] shape = input.shape().clone();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = Math.max(shape[i], 1);
            }
            int bytes = Math.toIntExact(Shapes.elementCount(shape) * input.datatype().byteSize());
            zeros.put(input.name(), new Tensor(input.name(), input.datatype(), shape, ByteBuffer.allocateDirect(bytes)));
        }
        Set<String> outputs = Set.copyOf(signature.outputNames());
        for (int i = 0; i < runs; i++) {
            if (!keepGoing.getAsBoolean()) {
                return false;
            }
            run(zeros, outputs);
        }
        return true;
    }

    /** True when every dynamic dimension is the first one, so the zero-filled warm-up shape is a valid input. */
    public boolean onlyBatchDimensionIsDynamic() {
        return signature.inputs().stream().allMatch(t -> {
            for (int i = 1; i < t.shape().length; i++) {
                if (t.shape()[i] < 0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
