package dev.kiln.runtime.serve.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The execution providers {@code --ep} can name, and how each is attached to a session. */
public enum ExecutionProvider {
    CPU(OrtProvider.CPU, "CPUExecutionProvider"),
    CUDA(OrtProvider.CUDA, "CUDAExecutionProvider"),
    TENSORRT(OrtProvider.TENSOR_RT, "TensorrtExecutionProvider"),
    OPENVINO(OrtProvider.OPEN_VINO, "OpenVINOExecutionProvider"),
    /** The Java API has no CANN switch; it is found only as a plugin EP device registered with the environment. */
    CANN(null, "CANNExecutionProvider");

    private final OrtProvider ortProvider;
    private final String epName;

    ExecutionProvider(OrtProvider ortProvider, String epName) {
        this.ortProvider = ortProvider;
        this.epName = epName;
    }

    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Adds this provider to the options, or fails naming what this build of ONNX Runtime offers. Never falls back
     * to another provider: a pod asked for a GPU must not quietly serve from the CPU.
     */
    public void attach(OrtEnvironment env, SessionOptions options) throws OrtException {
        List<String> available = availableProviderNames(env);
        if (!available.contains(optionName())) {
            throw new IllegalStateException("execution provider '" + optionName() + "' (--ep) is not available in this"
                    + " build of ONNX Runtime; available: " + available
                    + ". Use the GPU flavour of the image for cuda/tensorrt, or pick one of the available providers.");
        }
        switch (this) {
            case CPU -> { }
            case CUDA -> options.addCUDA(0);
            case TENSORRT -> options.addTensorrt(0);
            case OPENVINO -> options.addOpenVINO("");
            case CANN -> options.addExecutionProvider(env.getEpDevices().stream()
                    .filter(d -> d.getEpName().equals(epName)).toList(), Collections.emptyMap());
        }
    }

    /** The {@code --ep} names this process can use. */
    public static List<String> availableProviderNames(OrtEnvironment env) {
        List<String> names = new ArrayList<>();
        var compiledIn = OrtEnvironment.getAvailableProviders();
        List<String> pluginEps = pluginEpNames(env);
        for (ExecutionProvider ep : values()) {
            boolean present = ep.ortProvider != null ? compiledIn.contains(ep.ortProvider) : pluginEps.contains(ep.epName);
            if (present) {
                names.add(ep.optionName());
            }
        }
        return names;
    }

    private static List<String> pluginEpNames(OrtEnvironment env) {
        try {
            return env.getEpDevices().stream().map(d -> d.getEpName()).toList();
        } catch (OrtException | UnsatisfiedLinkError e) {
            return List.of();
        }
    }
}
