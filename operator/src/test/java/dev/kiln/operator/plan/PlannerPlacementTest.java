package dev.kiln.operator.plan;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.AcceleratorClass;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ServingSpec.CapacityPolicy;
import dev.kiln.operator.api.ShippedAcceleratorClasses;
import dev.kiln.operator.placement.ClusterSnapshot;
import dev.kiln.operator.placement.PlacementVerdict;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.revision.RevisionHash;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the planner follows placement: the class's target, capacityPolicy, a bad class, the kept class. */
class PlannerPlacementTest {

    static final Instant NOW = Instant.parse("2026-11-29T07:00:00Z");
    static final List<AcceleratorClass> CLASSES = List.of(ShippedAcceleratorClasses.load("nvidia-gpu"),
            ShippedAcceleratorClasses.load("cpu"));
    static final Node GPU_NODE = new NodeBuilder()
            .withNewMetadata().withName("gpu-a").addToLabels("nvidia.com/gpu.present", "true").endMetadata()
            .withNewSpec().addToTaints(new Taint("NoSchedule", "nvidia.com/gpu", null, "present")).endSpec()
            .withNewStatus().addToAllocatable("nvidia.com/gpu", new Quantity("2")).addToAllocatable("pods", new Quantity("110"))
            .endStatus().build();
    static final Node CPU_NODE = new NodeBuilder().withNewMetadata().withName("cpu-a").endMetadata()
            .withNewSpec().endSpec().withNewStatus().addToAllocatable("pods", new Quantity("110")).endStatus().build();
    static final Pod GPUS_TAKEN = new PodBuilder().withNewMetadata().withName("train").withNamespace("other").endMetadata()
            .withNewSpec().withNodeName("gpu-a").addNewContainer().withName("t").withNewResources()
            .addToRequests("nvidia.com/gpu", new Quantity("2")).endResources().endContainer().endSpec()
            .withNewStatus().withPhase("Running").endStatus().build();

    final Planner planner = new Planner("runtime:test");

    static ModelDeployment md(String accelerator, CapacityPolicy policy) {
        ModelDeployment md = Fixtures.md("md");
        md.getSpec().serving.accelerator = accelerator;
        md.getSpec().serving.capacityPolicy = policy;
        return md;
    }

    static ObservedState observed(List<Job> jobs, List<Pod> jobPods, List<Deployment> deployments, List<Pod> clusterPods) {
        return new ObservedState(jobs, jobPods, deployments, List.of(), CLASSES,
                new ClusterSnapshot(List.of(GPU_NODE, CPU_NODE), clusterPods));
    }

    @Test
    void aGpuClassWithRoomTargetsTheGpuAndStartsTheJob() {
        Decision decision = planner.plan(md("auto", null), observed(List.of(), List.of(), List.of(), List.of()), NOW);

        assertThat(decision.target().orElseThrow().accelerator()).isEqualTo("nvidia-gpu");
        assertThat(decision.target().orElseThrow().image()).isEqualTo("kiln-runtime:0.1.0-cuda");
        assertThat(decision.target().orElseThrow().optimization().autoPasses()).containsExactly("graph", "fp16");
        assertThat(decision.startOptimization()).isTrue();
        assertThat(decision.placement()).containsInstanceOf(PlacementVerdict.Place.class);
    }

    @Test
    void holdWithTheGpuFullStartsNoJobThatWouldMeasureOnIt() {
        Decision decision = planner.plan(md("nvidia-gpu", CapacityPolicy.Hold),
                observed(List.of(), List.of(), List.of(), List.of(GPUS_TAKEN)), NOW);

        assertThat(decision.isInvalid()).isFalse();
        assertThat(decision.startOptimization()).isFalse();
        assertThat(decision.optimization().message()).contains("waits for accelerator capacity", "nvidia-gpu: fits 0");
        assertThat(decision.deploy()).isEmpty();
        assertThat(decision.placement()).containsInstanceOf(PlacementVerdict.Hold.class);
    }

    @Test
    void holdStillOptimizesOnCpuButCreatesNoDeployment() {
        ModelDeployment md = md("nvidia-gpu", CapacityPolicy.Hold);
        String r = RevisionHash.of(md.getSpec());
        List<AcceleratorClass> measuringOnCpu = List.of(ShippedAcceleratorClasses.load("nvidia-gpu"));
        measuringOnCpu.get(0).getSpec().optimization.measureOnClass = false;
        ObservedState notStarted = new ObservedState(List.of(), List.of(), List.of(), List.of(), measuringOnCpu,
                new ClusterSnapshot(List.of(GPU_NODE), List.of(GPUS_TAKEN)));
        Job done = Fixtures.job("md", r, 1, "Complete");
        ObservedState optimized = new ObservedState(List.of(done), List.of(Fixtures.pod(done, Fixtures.sampleSummary(), 0)),
                List.of(), List.of(), measuringOnCpu, new ClusterSnapshot(List.of(GPU_NODE), List.of(GPUS_TAKEN)));

        assertThat(planner.plan(md, notStarted, NOW).startOptimization()).isTrue();
        assertThat(planner.plan(md, notStarted, NOW).target().orElseThrow().optimization().executionProvider()).isEqualTo("cpu");
        assertThat(planner.plan(md, optimized, NOW).deploy()).isEmpty();
    }

    @Test
    void waitWithTheGpuFullDeploysAnywaySoAnAutoscalerSeesPendingPods() {
        ModelDeployment md = md("nvidia-gpu", CapacityPolicy.Wait);
        String r = RevisionHash.of(md.getSpec());
        Job done = Fixtures.job("md", r, 1, "Complete");

        Decision decision = planner.plan(md, observed(List.of(done), List.of(Fixtures.pod(done, Fixtures.sampleSummary(), 0)),
                List.of(), List.of(GPUS_TAKEN)), NOW);

        assertThat(decision.deploy()).isPresent();
        PlacementVerdict.Place place = (PlacementVerdict.Place) decision.placement().orElseThrow();
        assertThat(place.shortage()).hasValueSatisfying(m -> assertThat(m).contains("needs 2 replicas"));
    }

    @Test
    void anUnknownClassIsAnInvalidSpecNamingTheFieldOnce() {
        Decision decision = planner.plan(md("h100", null), observed(List.of(), List.of(), List.of(), List.of()), NOW);

        assertThat(decision.isInvalid()).isTrue();
        assertThat(decision.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.serving.accelerator");
            assertThat(p.message()).startsWith("no AcceleratorClass named 'h100' (the cluster has: nvidia-gpu, cpu)");
        });
        assertThat(decision.placement()).containsInstanceOf(PlacementVerdict.Invalid.class);
    }

    @Test
    void autoKeepsTheClassItsDeploymentWasPlacedOn() {
        ModelDeployment md = md("auto", null);
        String r = RevisionHash.of(md.getSpec());
        Deployment onCpu = new DeploymentBuilder(Fixtures.deployment("md", r, 2, 2))
                .editMetadata().addToLabels(KilnLabels.ACCELERATOR, "cpu").endMetadata().build();

        Decision decision = planner.plan(md, observed(List.of(), List.of(), List.of(onCpu), List.of()), NOW);

        assertThat(decision.target().orElseThrow().accelerator()).as("the GPU has room, but the revision stays").isEqualTo("cpu");
        assertThat(((PlacementVerdict.Place) decision.placement().orElseThrow()).status().reason)
                .startsWith("auto keeps the class it chose for this revision, cpu");
    }
}
