package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.ArrayList;
import java.util.List;

public class AcceleratorClassRuntime {

    /** ONNX Runtime execution providers, in the names the runtime's --ep option takes. */
    public enum ExecutionProvider {
        @JsonProperty("cpu") CPU("cpu"),
        @JsonProperty("cuda") CUDA("cuda"),
        @JsonProperty("tensorrt") TENSORRT("tensorrt"),
        @JsonProperty("openvino") OPENVINO("openvino"),
        @JsonProperty("cann") CANN("cann");

        private final String wireName;

        ExecutionProvider(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    @JsonPropertyDescription("Runtime image built with this execution provider (e.g. the GPU flavour); the "
            + "operator's configured runtime image when unset. spec.serving.image of a ModelDeployment overrides it.")
    public String image;

    @Required
    @JsonPropertyDescription("ONNX Runtime execution provider the pods pass as --ep: cpu, cuda, tensorrt, "
            + "openvino or cann.")
    public ExecutionProvider executionProvider;

    @JsonPropertyDescription("Extra environment variables of the runtime container; a ModelDeployment's "
            + "spec.serving.env wins on the same name.")
    public List<EnvVar> env = new ArrayList<>();
}
