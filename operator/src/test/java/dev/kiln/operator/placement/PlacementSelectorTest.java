package dev.kiln.operator.placement;

import dev.kiln.operator.api.AcceleratorClass;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.kiln.operator.placement.ClusterFixtures.GPU;
import static dev.kiln.operator.placement.ClusterFixtures.cordoned;
import static dev.kiln.operator.placement.ClusterFixtures.cpuNode;
import static dev.kiln.operator.placement.ClusterFixtures.gpuNode;
import static dev.kiln.operator.placement.ClusterFixtures.labelled;
import static dev.kiln.operator.placement.ClusterFixtures.migNode;
import static dev.kiln.operator.placement.ClusterFixtures.npuNode;
import static dev.kiln.operator.placement.ClusterFixtures.pod;
import static dev.kiln.operator.placement.ClusterFixtures.running;
import static dev.kiln.operator.placement.ClusterFixtures.shipped;
import static dev.kiln.operator.placement.ClusterFixtures.tainted;
import static dev.kiln.operator.placement.ClusterFixtures.withAllocatable;
import static org.assertj.core.api.Assertions.assertThat;

class PlacementSelectorTest {

    static final String L4 = "NVIDIA-L4";
    static final String H100 = "NVIDIA-H100-80GB-HBM3";
    static final Map<String, String> OWN = Map.of("kiln.dev/deployment", "ocr", "kiln.dev/revision", "r1");

    /**
     * @param expected "Placed class", "Insufficient fallback-class" or "Invalid class"
     * @param fits     replicas each measured class fits, in preference order ("*": any number); "" to skip
     * @param message  a part the reason or message must contain
     */
    record Scenario(String title, List<AcceleratorClass> classes, List<Node> nodes, List<Pod> pods,
                    PlacementRequest request, String expected, String fits, String message) {
        @Override
        public String toString() {
            return title;
        }
    }

    static List<AcceleratorClass> gpuNpuCpu() {
        return List.of(shipped("cpu"), shipped("nvidia-gpu"), shipped("ascend-npu"));
    }

    static PlacementRequest request(String accelerator, int replicas) {
        return new PlacementRequest(accelerator, replicas, ResourceAmounts.NONE, Map.of(), null, List.of(),
                new PlacedPods("ml", OWN));
    }

    static PlacementRequest withCpu(PlacementRequest r, String cores) {
        return new PlacementRequest(r.accelerator(), r.replicas(), ResourceAmounts.of(Map.of("cpu", new Quantity(cores))),
                r.nodeSelector(), r.requiredAffinity(), r.tolerations(), r.placedPods());
    }

    static PlacementRequest withSelector(PlacementRequest r, Map<String, String> selector) {
        return new PlacementRequest(r.accelerator(), r.replicas(), r.perReplica(), selector, r.requiredAffinity(),
                r.tolerations(), r.placedPods());
    }

    static PlacementRequest withAffinity(PlacementRequest r, NodeSelectorRequirement requirement) {
        return new PlacementRequest(r.accelerator(), r.replicas(), r.perReplica(), r.nodeSelector(),
                new NodeSelector(List.of(new NodeSelectorTerm(List.of(requirement), null))), r.tolerations(),
                r.placedPods());
    }

    static PlacementRequest withToleration(PlacementRequest r, Toleration toleration) {
        return new PlacementRequest(r.accelerator(), r.replicas(), r.perReplica(), r.nodeSelector(),
                r.requiredAffinity(), List.of(toleration), r.placedPods());
    }

    static AcceleratorClass gpuWithoutTolerations() {
        AcceleratorClass c = shipped("nvidia-gpu");
        c.getSpec().tolerations = List.of();
        return c;
    }

    static AcceleratorClass multiGpuNodesOnly() {
        AcceleratorClass c = shipped("nvidia-gpu");
        c.getMetadata().setName("nvidia-multi-gpu");
        c.getSpec().nodeAffinity = new NodeSelector(List.of(new NodeSelectorTerm(List.of(
                new NodeSelectorRequirement("nvidia.com/gpu.count", "Gt", List.of("1"))), null)));
        return c;
    }

    static AcceleratorClass withPriorityAndCost(String from, String name, int priority, Integer cost) {
        AcceleratorClass c = shipped(from);
        c.getMetadata().setName(name);
        c.getSpec().priority = priority;
        c.getSpec().cost = cost;
        return c;
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("named GPU class on GFD-labelled, tainted GPU nodes",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 2, L4), cpuNode("cpu-a")), List.of(),
                        request("nvidia-gpu", 2), "Placed nvidia-gpu", "nvidia-gpu=2",
                        "free nvidia.com/gpu=2 on 1 of 1 matching node"),
                new Scenario("named NPU class on Ascend nodes",
                        gpuNpuCpu(), List.of(npuNode("npu-a", 8), gpuNode("gpu-a", 2, L4)), List.of(),
                        request("ascend-npu", 3), "Placed ascend-npu", "ascend-npu=8", ""),
                new Scenario("a class without the toleration cannot use tainted GPU nodes",
                        List.of(gpuWithoutTolerations()), List.of(gpuNode("gpu-a", 2, L4)), List.of(),
                        request("nvidia-gpu", 1), "Insufficient nvidia-gpu", "nvidia-gpu=0",
                        "1 tainted nvidia.com/gpu=present:NoSchedule without toleration"),
                new Scenario("the ModelDeployment's own toleration covers what the class lacks",
                        List.of(gpuWithoutTolerations()), List.of(gpuNode("gpu-a", 2, L4)), List.of(),
                        withToleration(request("nvidia-gpu", 1), new Toleration("NoSchedule", GPU, "Exists", null, null)),
                        "Placed nvidia-gpu", "nvidia-gpu=2", ""),
                new Scenario("cordoned GPU node does not count",
                        gpuNpuCpu(), List.of(cordoned(gpuNode("gpu-a", 4, L4)), gpuNode("gpu-b", 1, L4)), List.of(),
                        request("nvidia-gpu", 2), "Insufficient nvidia-gpu", "nvidia-gpu=1",
                        "free nvidia.com/gpu=1 on 1 of 2 matching nodes; 1 cordoned"),
                new Scenario("partially used node: allocatable minus requests of running pods; finished pods hold nothing",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 4, L4)),
                        List.of(running("train-1", "gpu-a", GPU, "2"), running("train-2", "gpu-a", GPU, "1"),
                                pod("done", "gpu-a", "Succeeded", Map.of(), GPU, "1"),
                                pod("crashed", "gpu-a", "Failed", Map.of(), GPU, "1")),
                        request("nvidia-gpu", 2), "Insufficient nvidia-gpu", "nvidia-gpu=1", "needs 2 replicas"),
                new Scenario("a pending pod not yet bound to a node holds nothing",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 1, L4)), List.of(pod("pending", null, "Pending", Map.of(), GPU, "1")),
                        request("nvidia-gpu", 1), "Placed nvidia-gpu", "nvidia-gpu=1", ""),
                new Scenario("the pods being placed keep the capacity they hold",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 2, L4)),
                        List.of(pod("ocr-1", "gpu-a", "Running", OWN, GPU, "1"), pod("ocr-2", "gpu-a", "Running", OWN, GPU, "1")),
                        request("nvidia-gpu", 2), "Placed nvidia-gpu", "nvidia-gpu=2", ""),
                new Scenario("stable pods of another revision hold theirs: a canary's extra replicas must fit too",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 2, L4)),
                        List.of(pod("ocr-old-1", "gpu-a", "Running", Map.of("kiln.dev/deployment", "ocr", "kiln.dev/revision", "r0"), GPU, "1")),
                        request("nvidia-gpu", 2), "Insufficient nvidia-gpu", "nvidia-gpu=1", ""),
                new Scenario("auto picks the GPU class while it has room",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 2, L4), npuNode("npu-a", 8), cpuNode("cpu-a")), List.of(),
                        request("auto", 2), "Placed nvidia-gpu", "nvidia-gpu=2 ascend-npu=8 cpu=110",
                        "auto chose nvidia-gpu (priority 100)"),
                new Scenario("auto falls to the NPU class when GPUs are full",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 2, L4), npuNode("npu-a", 8), cpuNode("cpu-a")),
                        List.of(running("other", "gpu-a", GPU, "2")),
                        request("auto", 2), "Placed ascend-npu", "nvidia-gpu=0 ascend-npu=8 cpu=110", ""),
                new Scenario("auto falls to CPU when GPUs are full and no node offers NPUs",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 2, L4), cpuNode("cpu-a")),
                        List.of(running("other", "gpu-a", GPU, "1")),
                        request("auto", 2), "Placed cpu", "nvidia-gpu=1 ascend-npu=0 cpu=110",
                        "ascend-npu: no node offers huawei.com/Ascend910"),
                new Scenario("MIG slices are their own resource and preferred by the shipped priority",
                        List.of(shipped("nvidia-mig-1g-10gb"), shipped("nvidia-gpu"), shipped("cpu")),
                        List.of(migNode("a100-a", 7), gpuNode("gpu-a", 1, H100)), List.of(running("x", "a100-a", ClusterFixtures.MIG, "4")),
                        request("auto", 3), "Placed nvidia-mig-1g-10gb", "nvidia-mig-1g-10gb=3 nvidia-gpu=1 cpu=0", ""),
                new Scenario("when MIG slices run out auto takes a whole GPU",
                        List.of(shipped("nvidia-mig-1g-10gb"), shipped("nvidia-gpu"), shipped("cpu")),
                        List.of(migNode("a100-a", 7), gpuNode("gpu-a", 4, H100)), List.of(running("x", "a100-a", ClusterFixtures.MIG, "6")),
                        request("auto", 2), "Placed nvidia-gpu", "nvidia-mig-1g-10gb=1 nvidia-gpu=4 cpu=0", ""),
                new Scenario("a full cluster: auto is insufficient, falling back to the most preferred offered class",
                        List.of(shipped("nvidia-gpu"), shipped("ascend-npu")), List.of(gpuNode("gpu-a", 1, L4)),
                        List.of(running("other", "gpu-a", GPU, "1")),
                        request("auto", 1), "Insufficient nvidia-gpu", "nvidia-gpu=0 ascend-npu=0",
                        "no accelerator class has room; needs 1 replica: nvidia-gpu: fits 0"),
                new Scenario("unknown class is invalid and the message lists the known ones",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 1, L4)), List.of(),
                        request("tpu", 1), "Invalid tpu", "", "no AcceleratorClass named 'tpu' (the cluster has: nvidia-gpu, ascend-npu, cpu)"),
                new Scenario("a class whose resource no node offers is invalid",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 1, L4), cpuNode("cpu-a")), List.of(),
                        request("ascend-npu", 1), "Invalid ascend-npu", "", "asks for huawei.com/Ascend910, which no node offers"),
                new Scenario("no class installed: auto serves on the built-in CPU class",
                        List.of(), List.of(cpuNode("cpu-a")), List.of(),
                        request("auto", 3), "Placed cpu", "cpu=110", "auto chose cpu"),
                new Scenario("the ModelDeployment's nodeSelector narrows the class's nodes",
                        gpuNpuCpu(), List.of(labelled(gpuNode("gpu-a", 2, L4), "topology.kubernetes.io/zone", "a"),
                                labelled(gpuNode("gpu-b", 2, L4), "topology.kubernetes.io/zone", "b")), List.of(),
                        withSelector(request("nvidia-gpu", 3), Map.of("topology.kubernetes.io/zone", "a")),
                        "Insufficient nvidia-gpu", "nvidia-gpu=2", "on 1 of 1 matching node"),
                new Scenario("the ModelDeployment's affinity excludes a GPU product (NotIn on the GFD label)",
                        gpuNpuCpu(), List.of(gpuNode("gpu-a", 2, L4), gpuNode("gpu-b", 8, H100)), List.of(),
                        withAffinity(request("nvidia-gpu", 3), new NodeSelectorRequirement("nvidia.com/gpu.product", "NotIn", List.of(H100))),
                        "Insufficient nvidia-gpu", "nvidia-gpu=2", ""),
                new Scenario("class affinity Gt on the GFD GPU count keeps single-GPU nodes out",
                        List.of(multiGpuNodesOnly()), List.of(gpuNode("gpu-a", 1, L4), gpuNode("gpu-b", 4, H100)), List.of(),
                        request("nvidia-multi-gpu", 4), "Placed nvidia-multi-gpu", "nvidia-multi-gpu=4", "on 1 of 1 matching node"),
                new Scenario("NoExecute taints repel, PreferNoSchedule ones do not",
                        List.of(shipped("cpu")),
                        List.of(tainted(cpuNode("cpu-a"), "maintenance", "true", "NoExecute"),
                                tainted(cpuNode("cpu-b"), "spot", "true", "PreferNoSchedule")), List.of(),
                        withCpu(request("cpu", 2), "8"), "Placed cpu", "cpu=2",
                        "on 1 of 2 matching nodes; 1 tainted maintenance=true:NoExecute"),
                new Scenario("CPU requests bound the CPU class, node by node",
                        List.of(shipped("cpu")), List.of(cpuNode("cpu-a"), cpuNode("cpu-b")),
                        List.of(running("busy", "cpu-a", "cpu", "13500m"), running("web", "cpu-b", "cpu", "6")),
                        withCpu(request("cpu", 3), "4"), "Insufficient cpu", "cpu=2", "free cpu=12.5 on 2 of 2"),
                new Scenario("a node at its pod limit holds no more replicas",
                        List.of(shipped("nvidia-gpu")), List.of(withAllocatable(gpuNode("gpu-a", 4, L4), "pods", "2")),
                        List.of(running("a", "gpu-a"), running("b", "gpu-a")),
                        request("nvidia-gpu", 1), "Insufficient nvidia-gpu", "nvidia-gpu=0", ""),
                new Scenario("equal priority: the cheaper class wins",
                        List.of(withPriorityAndCost("nvidia-gpu", "gpu-dear", 50, 10), withPriorityAndCost("nvidia-gpu", "gpu-cheap", 50, 3)),
                        List.of(gpuNode("gpu-a", 2, L4)), List.of(),
                        request("auto", 1), "Placed gpu-cheap", "gpu-cheap=2 gpu-dear=2", ""),
                new Scenario("zero replicas: the most preferred offered class",
                        gpuNpuCpu(), List.of(cpuNode("cpu-a")), List.of(),
                        request("auto", 0), "Placed cpu", "nvidia-gpu=0 ascend-npu=0 cpu=110", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void selects(Scenario s) {
        PlacementDecision decision = PlacementSelector.select(s.request(), s.classes(), new ClusterSnapshot(s.nodes(), s.pods()));

        String text = text(decision);
        assertThat(outcome(decision)).as(text).isEqualTo(s.expected());
        if (!s.fits().isEmpty()) {
            assertThat(fits(decision)).as(text).isEqualTo(s.fits());
        }
        assertThat(text).contains(s.message());
    }

    @ParameterizedTest(name = "kept {0}, GPU {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            nvidia-gpu, full, Insufficient nvidia-gpu
            nvidia-gpu, free, Placed nvidia-gpu
            cpu,        free, Placed cpu
            deleted,    free, Placed nvidia-gpu
            -,          full, Placed cpu
            """)
    void autoKeepsTheClassItChoseForARevision(String kept, String gpu, String expected) {
        List<Pod> pods = gpu.equals("full") ? List.of(running("other", "gpu-a", GPU, "2")) : List.of();

        PlacementDecision decision = PlacementSelector.select(request("auto", 2), gpuNpuCpu(),
                new ClusterSnapshot(List.of(gpuNode("gpu-a", 2, L4), cpuNode("cpu-a")), pods), kept);

        assertThat(outcome(decision)).as(text(decision)).isEqualTo(expected);
        if (kept != null && !kept.equals("deleted")) {
            assertThat(text(decision)).contains("auto keeps the class it chose for this revision, " + kept);
        }
    }

    @Test
    void aClassWithoutRuntimeIsPassedOverByAutoAndInvalidWhenNamed() {
        AcceleratorClass broken = shipped("nvidia-gpu");
        broken.getSpec().runtime = null;
        ClusterSnapshot cluster = new ClusterSnapshot(List.of(gpuNode("gpu-a", 2, L4), cpuNode("cpu-a")), List.of());

        PlacementDecision auto = PlacementSelector.select(request("auto", 1), List.of(broken, shipped("cpu")), cluster);
        PlacementDecision named = PlacementSelector.select(request("nvidia-gpu", 1), List.of(broken, shipped("cpu")), cluster);

        assertThat(outcome(auto)).isEqualTo("Placed cpu");
        assertThat(outcome(named)).isEqualTo("Invalid nvidia-gpu");
        assertThat(text(named)).contains("has no spec.runtime.executionProvider");
    }

    static String text(PlacementDecision decision) {
        if (decision instanceof PlacementDecision.Placed p) {
            return p.reason();
        }
        if (decision instanceof PlacementDecision.Insufficient i) {
            return i.message();
        }
        return ((PlacementDecision.InvalidClass) decision).message();
    }

    static String outcome(PlacementDecision decision) {
        if (decision instanceof PlacementDecision.Placed p) {
            return "Placed " + p.profile().name();
        }
        if (decision instanceof PlacementDecision.Insufficient i) {
            return "Insufficient " + i.fallback().name();
        }
        return "Invalid " + ((PlacementDecision.InvalidClass) decision).accelerator();
    }

    static String fits(PlacementDecision decision) {
        List<ClassCapacity> seen = decision instanceof PlacementDecision.Placed p ? p.seen()
                : decision instanceof PlacementDecision.Insufficient i ? i.seen() : List.of();
        return seen.stream().map(c -> c.className() + "="
                        + (c.replicasThatFit() == ResourceAmounts.UNBOUNDED ? "*" : Long.toString(c.replicasThatFit())))
                .collect(Collectors.joining(" "));
    }
}
