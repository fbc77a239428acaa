package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ServingSpec {

    public enum CapacityPolicy { Wait, Hold }

    @SpecReplicas
    @Min(0)
    @Default("1")
    @JsonPropertyDescription("Inference pods of the stable revision. The scale subresource targets this field, so "
            + "kubectl scale and a HorizontalPodAutoscaler can set it; changing it is not a new revision.")
    public Integer replicas = 1;

    @Default("auto")
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The AcceleratorClass to run on, or auto: the highest-priority class with free "
            + "capacity for the replicas.")
    public String accelerator = "auto";

    @JsonPropertyDescription("Runtime image override; default: the accelerator class's image, else the operator's "
            + "configured runtime image.")
    public String image;

    @JsonPropertyDescription("Resources of the inference container; the accelerator class adds its device resource.")
    public ResourceRequirements resources;

    @Min(1)
    @Max(65535)
    @Default("8080")
    @JsonPropertyDescription("Container port of the inference server.")
    public Integer port = 8080;

    @Min(1)
    @Max(256)
    @JsonPropertyDescription("ONNX Runtime intra-op threads per pod; default: the runtime's own default.")
    public Integer threads;

    @Min(1)
    @Max(1024)
    @JsonPropertyDescription("Largest dynamic batch; 1 turns batching off.")
    public Integer maxBatch;

    @Min(0)
    @Max(1000000)
    @JsonPropertyDescription("How long, in microseconds, a request may wait for others to batch with.")
    public Integer batchDelayMicros;

    @Default("Wait")
    @JsonPropertyDescription("When the cluster lacks capacity for the pods: Wait creates them anyway, so a cluster "
            + "autoscaler sees them pending; Hold creates nothing that cannot schedule.")
    public CapacityPolicy capacityPolicy = CapacityPolicy.Wait;

    @JsonPropertyDescription("Extra environment variables of the inference container.")
    public List<EnvVar> env = new ArrayList<>();

    @JsonPropertyDescription("Node labels the inference pods require, on top of the accelerator class's.")
    public Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations of the inference pods, on top of the accelerator class's.")
    public List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription("Affinity of the inference pods, merged with the accelerator class's node affinity.")
    public Affinity affinity;

    @JsonPropertyDescription("PriorityClass of the inference pods.")
    public String priorityClassName;

    @JsonPropertyDescription("Secrets for pulling the runtime image.")
    public List<LocalObjectReference> imagePullSecrets = new ArrayList<>();

    @JsonPropertyDescription("ServiceAccount of the inference pods.")
    public String serviceAccountName;
}
