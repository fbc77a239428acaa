package dev.kiln.sandbox.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeInventoryTest {

    @Test
    void defaultClusterHasTwoCpuNodesAGpuNodeAndAnNpuNode() {
        Map<String, ObjectNode> nodes = NodeInventory.defaults().stream()
                .collect(Collectors.toMap(n -> n.path("metadata").path("name").asText(), n -> n));
        assertThat(nodes).containsOnlyKeys("cpu-1", "cpu-2", "gpu-1", "npu-1");

        JsonNode gpu = nodes.get("gpu-1");
        assertThat(gpu.at("/status/allocatable/nvidia.com~1gpu").asText()).isEqualTo("1");
        assertThat(gpu.at("/metadata/labels/nvidia.com~1gpu.present").asText()).isEqualTo("true");
        assertThat(gpu.at("/metadata/labels/nvidia.com~1gpu.product").asText()).isNotEmpty();
        assertThat(gpu.at("/spec/taints/0/key").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(gpu.at("/spec/taints/0/effect").asText()).isEqualTo("NoSchedule");

        assertThat(nodes.get("npu-1").at("/status/allocatable/huawei.com~1Ascend910").asText()).isEqualTo("8");
        assertThat(nodes.get("cpu-1").at("/spec/taints").isMissingNode()).isTrue();
    }

    @Test
    void completesNodesTheWayAKubeletReportsThem() {
        ObjectNode node = NodeInventory.parse("""
                apiVersion: v1
                kind: Node
                metadata: {name: small}
                status: {allocatable: {cpu: "2", memory: 4Gi}}
                """, "test.yaml").get(0);
        assertThat(node.at("/status/capacity/cpu").asText()).isEqualTo("2");
        assertThat(node.at("/status/conditions/0/type").asText()).isEqualTo("Ready");
        assertThat(node.at("/status/conditions/0/status").asText()).isEqualTo("True");
        assertThat(node.at("/metadata/labels/kubernetes.io~1hostname").asText()).isEqualTo("small");
        assertThat(node.at("/status/nodeInfo/kubeletVersion").asText()).startsWith("v1.");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "apiVersion: v1\\nkind: Pod\\nmetadata: {name: a}                                  | expected 'apiVersion: v1' and 'kind: Node'",
            "apiVersion: v1\\nkind: Node\\nmetadata: {name: Big_Node}\\nstatus: {allocatable: {cpu: '1', memory: 1Gi}} | metadata.name 'Big_Node'",
            "apiVersion: v1\\nkind: Node\\nmetadata: {name: a}\\nstatus: {allocatable: {cpu: '1'}} | status.allocatable needs cpu and memory",
            "apiVersion: v1\\nkind: Node\\nmetadata: {name: a}\\nstatus: {allocatable: {cpu: '1', memory: 1Gi}}\\n---\\napiVersion: v1\\nkind: Node\\nmetadata: {name: a}\\nstatus: {allocatable: {cpu: '1', memory: 1Gi}} | defined twice",
            "# nothing here                                                                    | defines no nodes",
    })
    void badFilesFailNamingTheFileAndTheFix(String yaml, String message) {
        assertThatThrownBy(() -> NodeInventory.parse(yaml.replace("\\n", "\n"), "my-nodes.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("my-nodes.yaml")
                .hasMessageContaining(message);
    }

    @Test
    void listOrderFollowsTheFile() {
        List<ObjectNode> nodes = NodeInventory.defaults();
        assertThat(nodes.get(0).path("metadata").path("name").asText()).isEqualTo("cpu-1");
    }
}
