package dev.kiln.operator.placement;

import dev.kiln.operator.api.AcceleratorClass;
import dev.kiln.operator.api.ShippedAcceleratorClasses;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nodes as GPU feature discovery, the NVIDIA and Ascend device plugins and kubelet describe them, and pods
 * that hold capacity on them.
 */
final class ClusterFixtures {

    static final String GPU = "nvidia.com/gpu";
    static final String MIG = "nvidia.com/mig-1g.10gb";
    static final String NPU = "huawei.com/Ascend910";

    private ClusterFixtures() {
    }

    static AcceleratorClass shipped(String name) {
        return ShippedAcceleratorClasses.load(name);
    }

    /** A GPU node: GFD labels, the device plugin's resource, and the usual taint that keeps other pods off. */
    static Node gpuNode(String name, int gpus, String product) {
        return node(name, Map.of(GPU, Integer.toString(gpus)))
                .editMetadata()
                .addToLabels("nvidia.com/gpu.present", "true")
                .addToLabels("nvidia.com/gpu.product", product)
                .addToLabels("nvidia.com/gpu.count", Integer.toString(gpus))
                .endMetadata()
                .editSpec().addToTaints(new Taint("NoSchedule", GPU, null, "present")).endSpec()
                .build();
    }

    /** A GPU partitioned with the mixed MIG strategy: slices are their own resource. */
    static Node migNode(String name, int slices) {
        return node(name, Map.of(MIG, Integer.toString(slices), GPU, "0"))
                .editMetadata()
                .addToLabels("nvidia.com/gpu.present", "true")
                .addToLabels("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-80GB")
                .addToLabels("nvidia.com/mig.strategy", "mixed")
                .endMetadata()
                .editSpec().addToTaints(new Taint("NoSchedule", GPU, null, "present")).endSpec()
                .build();
    }

    static Node npuNode(String name, int npus) {
        return node(name, Map.of(NPU, Integer.toString(npus)))
                .editMetadata().addToLabels("accelerator", "huawei-Ascend910").endMetadata()
                .editSpec().addToTaints(new Taint("NoSchedule", NPU, null, null)).endSpec()
                .build();
    }

    static Node cpuNode(String name) {
        return node(name, Map.of()).build();
    }

    /** 16 cores, 64Gi, 110 pods, plus the given device resources. */
    static NodeBuilder node(String name, Map<String, String> devices) {
        Map<String, Quantity> allocatable = new LinkedHashMap<>();
        allocatable.put("cpu", new Quantity("16"));
        allocatable.put("memory", new Quantity("64Gi"));
        allocatable.put("pods", new Quantity("110"));
        devices.forEach((resource, amount) -> allocatable.put(resource, new Quantity(amount)));
        return new NodeBuilder()
                .withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).endStatus();
    }

    static Node cordoned(Node node) {
        return new NodeBuilder(node).editSpec().withUnschedulable(true)
                .addToTaints(new Taint("NoSchedule", Taints.UNSCHEDULABLE, null, null)).endSpec().build();
    }

    static Node tainted(Node node, String key, String value, String effect) {
        return new NodeBuilder(node).editSpec().addToTaints(new Taint(effect, key, null, value)).endSpec().build();
    }

    static Node labelled(Node node, String key, String value) {
        return new NodeBuilder(node).editMetadata().addToLabels(key, value).endMetadata().build();
    }

    static Node withAllocatable(Node node, String resource, String amount) {
        return new NodeBuilder(node).editStatus().addToAllocatable(resource, new Quantity(amount)).endStatus().build();
    }

    /** A running pod on a node requesting the given amounts (resource, amount, resource, amount...). */
    static Pod running(String name, String nodeName, String... requests) {
        return pod(name, nodeName, "Running", Map.of(), requests);
    }

    static Pod pod(String name, String nodeName, String phase, Map<String, String> labels, String... requests) {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        for (int i = 0; i < requests.length; i += 2) {
            amounts.put(requests[i], new Quantity(requests[i + 1]));
        }
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("ml").withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(nodeName)
                .addNewContainer().withName("main").withNewResources().withRequests(amounts).withLimits(amounts)
                .endResources().endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase).endStatus()
                .build();
    }
}
