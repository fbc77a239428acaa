package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaintsTest {

    @ParameterizedTest(name = "toleration {0} {1} {2} {3} vs taint {4}={5}:{6} -> {7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            nvidia.com/gpu | Exists | -       | NoSchedule | nvidia.com/gpu | present | NoSchedule | true
            nvidia.com/gpu | Exists | -       | -          | nvidia.com/gpu | present | NoExecute  | true
            nvidia.com/gpu | Exists | -       | NoExecute  | nvidia.com/gpu | present | NoSchedule | false
            nvidia.com/gpu | Equal  | present | NoSchedule | nvidia.com/gpu | present | NoSchedule | true
            nvidia.com/gpu | Equal  | absent  | NoSchedule | nvidia.com/gpu | present | NoSchedule | false
            nvidia.com/gpu | -      | present | -          | nvidia.com/gpu | present | NoSchedule | true
            nvidia.com/gpu | Equal  | -       | -          | dedicated      | -       | NoSchedule | false
            dedicated      | Equal  | -       | -          | dedicated      | -       | NoSchedule | true
            -              | Exists | -       | -          | anything       | x       | NoExecute  | true
            -              | Equal  | x       | -          | anything       | x       | NoExecute  | false
            huawei.com/Ascend910 | Exists | - | NoSchedule | nvidia.com/gpu | present | NoSchedule | false
            """)
    void toleration(String key, String operator, String value, String effect,
                    String taintKey, String taintValue, String taintEffect, boolean tolerated) {
        Toleration toleration = new Toleration(effect, key, operator, null, value);
        Taint taint = new Taint(taintEffect, taintKey, null, taintValue);

        assertThat(Taints.tolerates(toleration, taint)).isEqualTo(tolerated);
    }

    @Test
    void preferNoScheduleNeverKeepsAPodOff() {
        Node node = ClusterFixtures.tainted(ClusterFixtures.cpuNode("a"), "spot", "true", "PreferNoSchedule");

        assertThat(Taints.firstUntolerated(node, List.of())).isEmpty();
    }

    @Test
    void firstUntoleratedNamesTheTaintLeft() {
        Node node = ClusterFixtures.tainted(ClusterFixtures.gpuNode("a", 1, "NVIDIA-L4"), "maintenance", "true", "NoExecute");
        Toleration gpu = new Toleration("NoSchedule", "nvidia.com/gpu", "Exists", null, null);

        assertThat(Taints.firstUntolerated(node, List.of(gpu))).map(Taints::describe).contains("maintenance=true:NoExecute");
    }

    @Test
    void cordonedNodeIsOffUnlessThePodToleratesTheCordonTaint() {
        Node node = ClusterFixtures.cordoned(ClusterFixtures.cpuNode("a"));
        Toleration cordon = new Toleration("NoSchedule", Taints.UNSCHEDULABLE, "Exists", null, null);

        assertThat(Taints.cordonedFor(node, List.of())).isTrue();
        assertThat(Taints.cordonedFor(node, List.of(cordon))).isFalse();
        assertThat(Taints.cordonedFor(ClusterFixtures.cpuNode("b"), List.of())).isFalse();
    }
}
