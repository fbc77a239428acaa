package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Whether a node satisfies a nodeSelector or required node-affinity terms, as kube-scheduler decides it. */
public final class NodeAffinityMatcher {

    private NodeAffinityMatcher() {
    }

    public static boolean matchesSelector(Node node, Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        Map<String, String> labels = labels(node);
        return selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    /**
     * Terms are ORed, requirements within a term ANDed. No selector, or one without terms, constrains nothing;
     * a term without requirements matches no node (as in Kubernetes).
     */
    public static boolean matchesAffinity(Node node, NodeSelector required) {
        if (required == null || required.getNodeSelectorTerms() == null || required.getNodeSelectorTerms().isEmpty()) {
            return true;
        }
        return required.getNodeSelectorTerms().stream().anyMatch(term -> matchesTerm(node, term));
    }

    static boolean matchesTerm(Node node, NodeSelectorTerm term) {
        List<NodeSelectorRequirement> expressions = nullToEmpty(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = nullToEmpty(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        return expressions.stream().allMatch(r -> matches(r, labels))
                && fields.stream().allMatch(r -> matchesField(r, node));
    }

    static boolean matches(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String key = requirement.getKey();
        List<String> values = nullToEmpty(requirement.getValues());
        String value = labels.get(key);
        return switch (String.valueOf(requirement.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            case "Gt" -> compareAsIntegers(value, values) > 0;
            case "Lt" -> compareAsIntegers(value, values) < 0;
            // The API server rejects other operators; a node cannot satisfy what is not understood.
            default -> false;
        };
    }

    /** Only metadata.name is a supported field, with In and NotIn. */
    private static boolean matchesField(NodeSelectorRequirement requirement, Node node) {
        if (!"metadata.name".equals(requirement.getKey())) {
            return false;
        }
        Map<String, String> asLabels = Map.of("metadata.name", node.getMetadata().getName());
        String operator = requirement.getOperator();
        return ("In".equals(operator) || "NotIn".equals(operator)) && matches(requirement, asLabels);
    }

    /** Sign of label minus the single value; 0 (no match for Gt or Lt) when either is absent or not an integer. */
    private static int compareAsIntegers(String label, List<String> values) {
        if (label == null || values.size() != 1) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(label.trim()), Long.parseLong(values.get(0).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
