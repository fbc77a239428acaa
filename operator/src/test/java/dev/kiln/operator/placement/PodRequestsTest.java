package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodRequestsTest {

    @Test
    void containersAddUpAndTheLargestInitContainerCountsWhenLarger() {
        Pod pod = new PodBuilder(ClusterFixtures.running("p", "n", "cpu", "500m", "memory", "1Gi"))
                .editSpec()
                .addNewContainer().withName("sidecar").withResources(new ResourceRequirementsBuilder()
                        .withRequests(Map.of("cpu", new Quantity("250m"))).build()).endContainer()
                .addNewInitContainer().withName("fetch").withResources(new ResourceRequirementsBuilder()
                        .withRequests(Map.of("cpu", new Quantity("2"), "memory", new Quantity("512Mi"))).build())
                .endInitContainer()
                .withOverhead(Map.of("memory", new Quantity("64Mi")))
                .endSpec().build();

        ResourceAmounts requests = PodRequests.of(pod);

        assertThat(requests.get("cpu")).isEqualByComparingTo("2");
        assertThat(requests.get("memory")).isEqualByComparingTo(BigDecimal.valueOf((1024L + 64) << 20));
    }

    @Test
    void aLimitWithoutARequestCountsAsTheRequest() {
        ResourceAmounts requests = PodRequests.of(new ResourceRequirementsBuilder()
                .withLimits(Map.of("nvidia.com/gpu", new Quantity("2"), "cpu", new Quantity("4")))
                .withRequests(Map.of("cpu", new Quantity("1"))).build());

        assertThat(requests.get("nvidia.com/gpu")).isEqualByComparingTo("2");
        assertThat(requests.get("cpu")).isEqualByComparingTo("1");
    }

    @Test
    void onlyBoundUnfinishedPodsOccupyANode() {
        assertThat(PodRequests.occupiesNode(ClusterFixtures.running("a", "n"))).isTrue();
        assertThat(PodRequests.occupiesNode(ClusterFixtures.pod("b", "n", "Pending", Map.of()))).isTrue();
        assertThat(PodRequests.occupiesNode(ClusterFixtures.pod("c", null, "Pending", Map.of()))).isFalse();
        assertThat(PodRequests.occupiesNode(ClusterFixtures.pod("d", "n", "Succeeded", Map.of()))).isFalse();
        assertThat(PodRequests.occupiesNode(ClusterFixtures.pod("e", "n", "Failed", Map.of()))).isFalse();
    }

    @Test
    void timesFitsIsTheScarcestResource() {
        ResourceAmounts free = ResourceAmounts.of(Map.of("cpu", new Quantity("7"), "nvidia.com/gpu", new Quantity("4")));

        assertThat(free.timesFits(ResourceAmounts.of(Map.of("cpu", new Quantity("2"), "nvidia.com/gpu", new Quantity("1"))))).isEqualTo(3);
        assertThat(free.timesFits(ResourceAmounts.of("huawei.com/Ascend910", 1))).isZero();
        assertThat(free.timesFits(ResourceAmounts.NONE)).isEqualTo(ResourceAmounts.UNBOUNDED);
        assertThat(free.minus(ResourceAmounts.of("cpu", 9)).timesFits(ResourceAmounts.of("cpu", 1))).isZero();
    }
}
