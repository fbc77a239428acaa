package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class PodPlacementTest {

    static final String RUNTIME = "runtime";

    /** What the pod builder makes from a ModelDeployment before placement: the operator's image, its own settings. */
    static PodSpec base() {
        return new PodSpecBuilder()
                .addNewContainer().withName(RUNTIME).withImage("kiln-runtime:0.1.0")
                .withArgs("serve", "--model", "/models/m.onnx", "--ep", "cpu", "--port", "8080")
                .addNewEnv().withName("NVIDIA_DRIVER_CAPABILITIES").withValue("all").endEnv()
                .withNewResources().addToRequests("cpu", new Quantity("1")).addToLimits("memory", new Quantity("2Gi"))
                .endResources()
                .endContainer()
                .withNodeSelector(Map.of("topology.kubernetes.io/zone", "a"))
                .addNewToleration().withKey("team").withOperator("Equal").withValue("ml").withEffect("NoSchedule").endToleration()
                .build();
    }

    static AcceleratorProfile profile(String shipped) {
        return AcceleratorProfile.from(ClusterFixtures.shipped(shipped));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            nvidia-gpu         | nvidia.com/gpu         | kiln-runtime:0.1.0-cuda | cuda | nvidia.com/gpu
            nvidia-mig-1g-10gb | nvidia.com/mig-1g.10gb | kiln-runtime:0.1.0-cuda | cuda | nvidia.com/gpu
            ascend-npu         | huawei.com/Ascend910   | kiln-runtime:0.1.0-cann | cann | huawei.com/Ascend910
            cpu                | -                      | kiln-runtime:0.1.0      | cpu  | -
            """)
    void shippedClassPutsItsDeviceImageProviderAndTolerationOnThePod(String accelerator, String resource, String image,
                                                                      String ep, String tolerationKey) {
        PodSpec placed = PodPlacement.apply(base(), RUNTIME, profile(accelerator), null);
        Container runtime = placed.getContainers().get(0);

        assertThat(runtime.getImage()).isEqualTo(image);
        assertThat(runtime.getArgs()).containsExactly("serve", "--model", "/models/m.onnx", "--ep", ep, "--port", "8080");
        if (resource == null) {
            assertThat(runtime.getResources().getLimits()).containsOnlyKeys("memory");
        } else {
            assertThat(runtime.getResources().getLimits()).containsEntry(resource, new Quantity("1"))
                    .containsEntry("memory", new Quantity("2Gi"));
            assertThat(runtime.getResources().getRequests()).containsEntry(resource, new Quantity("1"))
                    .containsEntry("cpu", new Quantity("1"));
        }
        assertThat(placed.getTolerations()).extracting(Toleration::getKey).first().isEqualTo("team");
        if (tolerationKey != null) {
            assertThat(placed.getTolerations()).extracting(Toleration::getKey).contains(tolerationKey);
        }
        assertThat(placed.getNodeSelector()).containsEntry("topology.kubernetes.io/zone", "a");
    }

    @Test
    void gpuClassSelectsGpuNodesAndAddsItsEnvWithoutOverridingTheModelDeployments() {
        PodSpec placed = PodPlacement.apply(base(), RUNTIME, profile("nvidia-gpu"), null);

        assertThat(placed.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        assertThat(placed.getContainers().get(0).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(tuple("NVIDIA_DRIVER_CAPABILITIES", "all"));
    }

    @Test
    void theModelDeploymentsImageWinsOverTheClasss() {
        PodSpec placed = PodPlacement.apply(base(), RUNTIME, profile("nvidia-gpu"), "my-runtime:debug");

        assertThat(placed.getContainers().get(0).getImage()).isEqualTo("my-runtime:debug");
    }

    @Test
    void classAffinityIsAndedWithTheModelDeploymentsTerms() {
        PodSpec base = new PodSpecBuilder(base()).withAffinity(new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("zone").withOperator("In").withValues("a").endMatchExpression().endNodeSelectorTerm()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("zone").withOperator("In").withValues("b").endMatchExpression().endNodeSelectorTerm()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build()).build();

        PodSpec placed = PodPlacement.apply(base, RUNTIME, profile("nvidia-mig-1g-10gb"), null);

        List<NodeSelectorTerm> terms = placed.getAffinity().getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        assertThat(terms).hasSize(2).allSatisfy(term -> assertThat(term.getMatchExpressions())
                .extracting(NodeSelectorRequirement::getKey).containsExactly("zone", "nvidia.com/mig.strategy"));
        assertThat(terms.get(1).getMatchExpressions().get(0).getValues()).containsExactly("b");
    }

    @Test
    void classAffinityAloneBecomesThePodsAffinity() {
        PodSpec placed = PodPlacement.apply(base(), RUNTIME, profile("nvidia-mig-1g-10gb"), null);

        Affinity affinity = placed.getAffinity();
        assertThat(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
                .singleElement().satisfies(t -> assertThat(t.getMatchExpressions()).extracting(NodeSelectorRequirement::getValues)
                        .containsExactly(List.of("mixed")));
    }

    @Test
    void placingTwiceChangesNothing() {
        AcceleratorProfile gpu = profile("nvidia-mig-1g-10gb");
        PodSpec once = PodPlacement.apply(base(), RUNTIME, gpu, null);

        assertThat(PodPlacement.apply(once, RUNTIME, gpu, null)).isEqualTo(once);
    }

    @Test
    void theBaseSpecIsLeftAsItWas() {
        PodSpec base = base();
        PodSpec copy = new PodSpecBuilder(base).build();

        PodPlacement.apply(base, RUNTIME, profile("nvidia-gpu"), null);

        assertThat(base).isEqualTo(copy);
    }

    @Test
    void aMissingContainerIsNamed() {
        assertThatThrownBy(() -> PodPlacement.apply(base(), "server", profile("cpu"), null))
                .hasMessageContaining("no container named server");
    }

    @Test
    void draClassClaimsDevicesFromTheTemplateInsteadOfAnExtendedResource() {
        AcceleratorProfile dra = profile("nvidia-gpu-dra");

        PodSpec placed = PodPlacement.apply(base(), RUNTIME, dra, null, "ocr-nvidia-gpu-dra");

        assertThat(placed.getResourceClaims()).singleElement().satisfies(claim -> {
            assertThat(claim.getName()).isEqualTo("accelerator");
            assertThat(claim.getResourceClaimTemplateName()).isEqualTo("ocr-nvidia-gpu-dra");
        });
        Container runtime = placed.getContainers().get(0);
        assertThat(runtime.getResources().getClaims()).extracting(c -> c.getName()).containsExactly("accelerator");
        assertThat(runtime.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(PodPlacement.apply(placed, RUNTIME, dra, null, "ocr-nvidia-gpu-dra")).isEqualTo(placed);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            serve                 | serve --ep cuda
            serve --ep cpu        | serve --ep cuda
            serve --ep            | serve --ep cuda
            serve --ep=cpu        | serve --ep cuda
            serve --ep cpu --x 1  | serve --ep cuda --x 1
            """)
    void executionProviderOption(String before, String after) {
        assertThat(PodPlacement.withOption(Arrays.asList(before.split(" ")), "--ep", "cuda"))
                .containsExactly(after.split(" "));
    }
}
