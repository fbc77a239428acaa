package dev.kiln.sandbox.workload;

import dev.kiln.sandbox.nodes.NodeInventory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {

    private static final List<Node> NODES = NodeInventory.defaults().stream()
            .map(n -> Serialization.unmarshal(n.toString(), Node.class)).toList();

    @Test
    void cpuPodAvoidsTaintedAcceleratorNodes() {
        assertThat(Scheduler.place(pod("web", Map.of("cpu", "1", "memory", "1Gi")), NODES, List.of()).node())
                .contains("cpu-1");
    }

    @Test
    void podsSpreadOverTheLeastAllocatedNode() {
        Pod first = bound(pod("a", Map.of("cpu", "2", "memory", "2Gi")), "cpu-1");
        assertThat(Scheduler.place(pod("b", Map.of("cpu", "1", "memory", "1Gi")), NODES, List.of(first)).node())
                .contains("cpu-2");
    }

    @Test
    void podsWithoutRequestsStillSpread() {
        Pod first = bound(pod("a", Map.of()), "cpu-1");
        assertThat(Scheduler.place(pod("b", Map.of()), NODES, List.of(first)).node()).contains("cpu-2");
    }

    @Test
    void gpuPodWithTolerationAndSelectorLandsOnTheGpuNode() {
        Pod gpu = gpuPod("infer");
        assertThat(Scheduler.place(gpu, NODES, List.of()).node()).contains("gpu-1");
    }

    @Test
    void gpuPodWithoutTolerationIsUnschedulableWithTheSchedulersReasons() {
        Pod gpu = new PodBuilder(pod("infer", Map.of("cpu", "1", "nvidia.com/gpu", "1"))).build();
        Placement placement = Scheduler.place(gpu, NODES, List.of());
        assertThat(placement.scheduled()).isFalse();
        assertThat(placement.reason()).isEqualTo("0/4 nodes are available: 2 Insufficient nvidia.com/gpu, "
                + "1 node(s) had untolerated taint {huawei.com/Ascend910: present}, "
                + "1 node(s) had untolerated taint {nvidia.com/gpu: present}.");
    }

    @Test
    void theOnlyGpuIsTakenOnce() {
        Pod running = bound(gpuPod("first"), "gpu-1");
        Placement placement = Scheduler.place(gpuPod("second"), NODES, List.of(running));
        assertThat(placement.reason()).isEqualTo("0/4 nodes are available: 1 Insufficient nvidia.com/gpu, "
                + "2 node(s) didn't match Pod's node affinity/selector, "
                + "1 node(s) had untolerated taint {huawei.com/Ascend910: present}.");
    }

    @Test
    void finishedPodsFreeTheirResources() {
        Pod done = new PodBuilder(bound(gpuPod("first"), "gpu-1")).withNewStatus().withPhase("Succeeded").endStatus().build();
        assertThat(Scheduler.place(gpuPod("second"), NODES, List.of(done)).node()).contains("gpu-1");
    }

    @Test
    void npuPodLandsOnTheNpuNode() {
        Pod npu = new PodBuilder(pod("npu", Map.of("cpu", "2", "huawei.com/Ascend910", "1"))).editSpec()
                .addNewToleration().withKey("huawei.com/Ascend910").withOperator("Exists").withEffect("NoSchedule")
                .endToleration().endSpec().build();
        assertThat(Scheduler.place(npu, NODES, List.of()).node()).contains("npu-1");
    }

    @Test
    void requiredAffinityRestrictsAndPreferredAffinityWins() {
        Pod zoned = new PodBuilder(pod("z", Map.of("cpu", "1"))).editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("topology.kubernetes.io/zone").withOperator("In")
                .withValues("sandbox-b").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
        assertThat(Scheduler.place(zoned, NODES, List.of()).node()).contains("cpu-2");

        Pod load = bound(pod("load", Map.of("cpu", "6")), "cpu-2");
        Pod preferring = new PodBuilder(pod("p", Map.of("cpu", "1"))).editSpec().withNewAffinity().withNewNodeAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(50).withNewPreference()
                .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("In").withValues("cpu-2")
                .endMatchExpression().endPreference().endPreferredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().endAffinity().endSpec().build();
        assertThat(Scheduler.place(preferring, NODES, List.of(load)).node())
                .as("preference beats the less loaded cpu-1").contains("cpu-2");
    }

    @Test
    void requestsBeyondAllocatableAndLimitsWithoutRequests() {
        assertThat(Scheduler.place(pod("huge", Map.of("cpu", "9")), NODES, List.of()).reason())
                .isEqualTo("0/4 nodes are available: 2 Insufficient cpu, "
                        + "1 node(s) had untolerated taint {huawei.com/Ascend910: present}, "
                        + "1 node(s) had untolerated taint {nvidia.com/gpu: present}.");
        Pod limitsOnly = new PodBuilder().withNewMetadata().withName("l").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withNewResources().addToLimits("memory", new Quantity("40Gi")).endResources()
                .endContainer().endSpec().build();
        assertThat(Scheduler.place(limitsOnly, NODES, List.of()).reason()).contains("2 Insufficient memory");
    }

    @Test
    void nodeNameAndUnschedulableNodes() {
        Pod pinned = new PodBuilder(pod("pinned", Map.of("cpu", "1"))).editSpec().withNodeName("cpu-2").endSpec().build();
        assertThat(Scheduler.place(pinned, NODES, List.of()).node()).contains("cpu-2");

        List<Node> cordoned = NODES.stream().map(n -> n.getMetadata().getName().startsWith("cpu")
                ? new io.fabric8.kubernetes.api.model.NodeBuilder(n).editOrNewSpec().withUnschedulable(true).endSpec().build()
                : n).toList();
        assertThat(Scheduler.place(pod("web", Map.of("cpu", "1")), cordoned, List.of()).reason())
                .contains("2 node(s) were unschedulable");
    }

    @ParameterizedTest(name = "toleration {0}/{1}/{2}/{3} vs taint {4}={5}:{6} -> {7}")
    @CsvSource(nullValues = "-", value = {
            "nvidia.com/gpu, Exists, -,       NoSchedule, nvidia.com/gpu, present, NoSchedule, true",
            "nvidia.com/gpu, Equal,  present, NoSchedule, nvidia.com/gpu, present, NoSchedule, true",
            "nvidia.com/gpu, -,      present, -,          nvidia.com/gpu, present, NoSchedule, true",
            "nvidia.com/gpu, Equal,  other,   NoSchedule, nvidia.com/gpu, present, NoSchedule, false",
            "nvidia.com/gpu, Exists, -,       NoExecute,  nvidia.com/gpu, present, NoSchedule, false",
            "-,              Exists, -,       -,          anything,       x,       NoSchedule, true",
            "-,              Equal,  -,       -,          anything,       x,       NoSchedule, false",
            "other,          Exists, -,       -,          nvidia.com/gpu, present, NoSchedule, false",
    })
    void tolerationMatching(String key, String operator, String value, String effect,
                            String taintKey, String taintValue, String taintEffect, boolean expected) {
        Toleration toleration = new Toleration(effect, key, operator, null, value);
        Taint taint = new Taint(taintEffect, taintKey, null, taintValue);
        assertThat(Scheduler.tolerates(toleration, taint)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2} on {3} -> {4}")
    @CsvSource(nullValues = "-", value = {
            "zone, In,           a|b, a,  true",
            "zone, In,           a|b, c,  false",
            "zone, In,           a,   -,  false",
            "zone, NotIn,        a|b, c,  true",
            "zone, NotIn,        a,   -,  true",
            "zone, Exists,       -,   x,  true",
            "zone, DoesNotExist, -,   x,  false",
            "zone, DoesNotExist, -,   -,  true",
            "zone, Gt,           10,  11, true",
            "zone, Gt,           10,  10, false",
            "zone, Lt,           10,  9,  true",
            "zone, Lt,           10,  -,  false",
    })
    void selectorRequirements(String key, String operator, String values, String label, boolean expected) {
        NodeSelectorRequirement requirement = new NodeSelectorRequirement(key, operator,
                values == null ? List.of() : Arrays.asList(values.split("\\|")));
        Map<String, String> labels = label == null ? Map.of() : Map.of(key, label);
        assertThat(Scheduler.matches(requirement, labels)).isEqualTo(expected);
    }

    private static Pod pod(String name, Map<String, String> requests) {
        PodBuilder builder = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata();
        return builder.withNewSpec().addNewContainer().withName("main").withImage("kiln/runtime").withNewResources()
                .addToRequests(requests.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> new Quantity(e.getValue()))))
                .endResources().endContainer().endSpec().build();
    }

    private static Pod gpuPod(String name) {
        return new PodBuilder(pod(name, Map.of("cpu", "1", "memory", "2Gi", "nvidia.com/gpu", "1"))).editSpec()
                .addToNodeSelector("nvidia.com/gpu.present", "true")
                .addNewToleration().withKey("nvidia.com/gpu").withOperator("Exists").withEffect("NoSchedule").endToleration()
                .endSpec().build();
    }

    private static Pod bound(Pod pod, String node) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }
}
