package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@ValidationRule(value = "!has(self.perReplica) || has(self.resourceName) || has(self.deviceClassName)",
        message = "spec.perReplica counts units of spec.resourceName or devices of spec.deviceClassName: set one, "
                + "or drop perReplica for a class without a device")
@ValidationRule(value = "!(has(self.resourceName) && has(self.deviceClassName))",
        message = "spec.resourceName and spec.deviceClassName exclude each other: a class asks for devices either "
                + "through a device plugin's extended resource or through DRA")
public class AcceleratorClassSpec {

    /** Extended resource names are domain-prefixed; cpu and memory are not device resources. */
    static final String EXTENDED_RESOURCE_NAME =
            "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

    @Pattern(EXTENDED_RESOURCE_NAME)
    @JsonPropertyDescription("Device resource each inference pod requests, as nodes advertise it in "
            + "status.allocatable: nvidia.com/gpu, nvidia.com/mig-1g.10gb, huawei.com/Ascend910, amd.com/gpu. "
            + "Unset for a class without a device (CPU).")
    public String resourceName;

    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("Dynamic Resource Allocation instead of an extended resource: the resource.k8s.io/v1 "
            + "DeviceClass whose devices each pod claims (perReplica of them) through a ResourceClaimTemplate Kiln "
            + "creates. The scheduler allocates the devices; Kiln does not count their capacity.")
    public String deviceClassName;

    @Min(1)
    @Max(64)
    @JsonPropertyDescription("Units of resourceName (or devices of deviceClassName) per inference pod; 1 when unset.")
    public Integer perReplica;

    @JsonPropertyDescription("Node labels the class's nodes carry, e.g. nvidia.com/gpu.present: \"true\".")
    public Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Required node affinity of the class's nodes (terms are ORed, expressions within a "
            + "term ANDed), e.g. GPU feature discovery's nvidia.com/gpu.product In [NVIDIA-H100-80GB-HBM3].")
    public NodeSelector nodeAffinity;

    @JsonPropertyDescription("Tolerations for the taints of the class's nodes, e.g. nvidia.com/gpu:NoSchedule.")
    public List<Toleration> tolerations = new ArrayList<>();

    @Required
    @JsonPropertyDescription("The runtime that drives this hardware: image, execution provider, extra env.")
    public AcceleratorClassRuntime runtime;

    @JsonPropertyDescription("How models are optimized for this hardware.")
    public AcceleratorClassOptimization optimization = new AcceleratorClassOptimization();

    @Default("0")
    @Min(-1000000)
    @Max(1000000)
    @JsonPropertyDescription("Preference for spec.serving.accelerator: auto; the highest priority with free "
            + "capacity wins.")
    public Integer priority = 0;

    @Min(0)
    @JsonPropertyDescription("Relative cost of one replica on this class; among classes of equal priority, auto "
            + "prefers the cheaper one.")
    public Integer cost;
}
