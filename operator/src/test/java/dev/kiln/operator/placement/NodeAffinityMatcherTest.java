package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NodeAffinityMatcherTest {

    /** A GPU node as GPU feature discovery labels it. */
    static final Node NODE = ClusterFixtures.gpuNode("gpu-a", 4, "NVIDIA-L4");

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            nvidia.com/gpu.product | In           | NVIDIA-L4,NVIDIA-A10G | true
            nvidia.com/gpu.product | In           | NVIDIA-A10G           | false
            gpu.missing            | In           | x                     | false
            nvidia.com/gpu.product | NotIn        | NVIDIA-H100-80GB-HBM3 | true
            nvidia.com/gpu.product | NotIn        | NVIDIA-L4             | false
            gpu.missing            | NotIn        | x                     | true
            nvidia.com/gpu.present | Exists       | -                     | true
            gpu.missing            | Exists       | -                     | false
            gpu.missing            | DoesNotExist | -                     | true
            nvidia.com/gpu.present | DoesNotExist | -                     | false
            nvidia.com/gpu.count   | Gt           | 3                     | true
            nvidia.com/gpu.count   | Gt           | 4                     | false
            nvidia.com/gpu.count   | Lt           | 5                     | true
            nvidia.com/gpu.count   | Lt           | 4                     | false
            nvidia.com/gpu.product | Gt           | 1                     | false
            gpu.missing            | Lt           | 1                     | false
            nvidia.com/gpu.count   | Gt           | 1,2                   | false
            nvidia.com/gpu.count   | Near         | 4                     | false
            """)
    void requirement(String key, String operator, String values, boolean matches) {
        List<String> list = values == null ? null : Arrays.asList(values.split(","));
        NodeSelector affinity = terms(List.of(new NodeSelectorRequirement(key, operator, list)));

        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, affinity)).isEqualTo(matches);
    }

    @Test
    void expressionsOfATermAreAndedAndTermsOred() {
        NodeSelectorRequirement l4 = new NodeSelectorRequirement("nvidia.com/gpu.product", "In", List.of("NVIDIA-L4"));
        NodeSelectorRequirement eight = new NodeSelectorRequirement("nvidia.com/gpu.count", "In", List.of("8"));

        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, terms(List.of(l4, eight)))).isFalse();
        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, new NodeSelector(List.of(
                new NodeSelectorTerm(List.of(eight), null), new NodeSelectorTerm(List.of(l4), null))))).isTrue();
    }

    @Test
    void noAffinityConstrainsNothingButAnEmptyTermMatchesNoNode() {
        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, null)).isTrue();
        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, new NodeSelector(List.of()))).isTrue();
        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, new NodeSelector(List.of(new NodeSelectorTerm())))).isFalse();
    }

    @Test
    void matchFieldsSelectsByNodeName() {
        NodeSelectorTerm byName = new NodeSelectorTerm(null,
                List.of(new NodeSelectorRequirement("metadata.name", "In", List.of("gpu-a"))));
        NodeSelectorTerm notByName = new NodeSelectorTerm(null,
                List.of(new NodeSelectorRequirement("metadata.name", "NotIn", List.of("gpu-a"))));

        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, new NodeSelector(List.of(byName)))).isTrue();
        assertThat(NodeAffinityMatcher.matchesAffinity(NODE, new NodeSelector(List.of(notByName)))).isFalse();
    }

    @Test
    void nodeSelectorNeedsEveryLabel() {
        assertThat(NodeAffinityMatcher.matchesSelector(NODE, Map.of())).isTrue();
        assertThat(NodeAffinityMatcher.matchesSelector(NODE, Map.of("nvidia.com/gpu.present", "true"))).isTrue();
        assertThat(NodeAffinityMatcher.matchesSelector(NODE,
                Map.of("nvidia.com/gpu.present", "true", "nvidia.com/gpu.product", "NVIDIA-A10G"))).isFalse();
    }

    private static NodeSelector terms(List<NodeSelectorRequirement> requirements) {
        return new NodeSelector(List.of(new NodeSelectorTerm(requirements, null)));
    }
}
