package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The sandbox's kube-scheduler: filters nodes the way the default plugins do (unschedulable and
 * not-ready nodes, nodeName, taints and tolerations, nodeSelector and required node affinity,
 * resource requests against allocatable including extended resources such as nvidia.com/gpu, pod
 * count), then picks the feasible node with the most preferred-affinity weight, the fewest
 * untolerated PreferNoSchedule taints and the lowest resulting CPU and memory use, by name on ties.
 * Pure: the same pods and nodes give the same answer.
 */
public final class Scheduler {

    private static final String UNSCHEDULABLE = "node(s) were unschedulable";
    private static final String NOT_READY = "node(s) were not ready";
    private static final String NODE_NAME = "node(s) didn't match the requested node name";
    private static final String AFFINITY = "node(s) didn't match Pod's node affinity/selector";
    private static final String TOO_MANY_PODS = "Too many pods";

    private Scheduler() {
    }

    /**
     * @param boundPods pods already bound to nodes; their requests count against those nodes unless
     *                  they have finished
     */
    public static Placement place(Pod pod, List<Node> nodes, List<Pod> boundPods) {
        PodSpec spec = pod.getSpec();
        ResourceAmounts request = ResourceAmounts.requestsOf(spec);
        Map<String, Integer> failures = new TreeMap<>();
        List<Candidate> feasible = new ArrayList<>();
        for (Node node : nodes) {
            Usage usage = usageOn(node.getMetadata().getName(), boundPods);
            List<String> reasons = filter(spec, request, node, usage);
            if (reasons.isEmpty()) {
                feasible.add(new Candidate(node, preferredWeight(spec, node), preferNoScheduleCount(spec, node),
                        utilisation(node, usage.scoringRequests().plus(ResourceAmounts.scoringRequestsOf(spec)))));
            } else {
                reasons.forEach(r -> failures.merge(r, 1, Integer::sum));
            }
        }
        return feasible.stream()
                .min(Comparator.comparingLong((Candidate c) -> -c.preferredWeight())
                        .thenComparingInt(Candidate::preferNoSchedule)
                        .thenComparing(Candidate::utilisation)
                        .thenComparing(c -> c.node().getMetadata().getName()))
                .map(c -> Placement.on(c.node().getMetadata().getName()))
                .orElseGet(() -> Placement.unschedulable("0/" + nodes.size() + " nodes are available"
                        + (failures.isEmpty() ? "." : ": " + failures.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ".")));
    }

    private record Candidate(Node node, long preferredWeight, int preferNoSchedule, BigDecimal utilisation) {
    }

    /** @param scoringRequests the requests with the scheduler's defaults for containers that set none */
    private record Usage(ResourceAmounts requests, ResourceAmounts scoringRequests, int pods) {
    }

    private static Usage usageOn(String nodeName, List<Pod> boundPods) {
        ResourceAmounts used = ResourceAmounts.NONE;
        ResourceAmounts scoring = ResourceAmounts.NONE;
        int count = 0;
        for (Pod p : boundPods) {
            if (p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName()) && !finished(p)) {
                used = used.plus(ResourceAmounts.requestsOf(p.getSpec()));
                scoring = scoring.plus(ResourceAmounts.scoringRequestsOf(p.getSpec()));
                count++;
            }
        }
        return new Usage(used, scoring, count);
    }

    private static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Why the pod cannot go on this node; empty when it can. */
    private static List<String> filter(PodSpec spec, ResourceAmounts request, Node node, Usage usage) {
        List<String> reasons = new ArrayList<>();
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            reasons.add(UNSCHEDULABLE);
            return reasons;
        }
        if (!ready(node)) {
            reasons.add(NOT_READY);
            return reasons;
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()
                && !spec.getNodeName().equals(node.getMetadata().getName())) {
            reasons.add(NODE_NAME);
            return reasons;
        }
        Optional<Taint> untolerated = taints(node).stream()
                .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                .filter(t -> tolerations(spec).stream().noneMatch(tol -> tolerates(tol, t)))
                .findFirst();
        if (untolerated.isPresent()) {
            Taint t = untolerated.get();
            reasons.add("node(s) had untolerated taint {" + t.getKey() + ": " + Objects.toString(t.getValue(), "") + "}");
            return reasons;
        }
        if (!matchesSelectorAndRequiredAffinity(spec, node)) {
            reasons.add(AFFINITY);
            return reasons;
        }
        ResourceAmounts allocatable = ResourceAmounts.of(node.getStatus() == null ? null : node.getStatus().getAllocatable());
        if (allocatable.amounts().containsKey("pods") && usage.pods() + 1 > allocatable.get("pods").intValue()) {
            reasons.add(TOO_MANY_PODS);
        }
        request.amounts().forEach((resource, amount) -> {
            if (amount.signum() > 0 && usage.requests().get(resource).add(amount).compareTo(allocatable.get(resource)) > 0) {
                reasons.add("Insufficient " + resource);
            }
        });
        return reasons;
    }

    private static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus)
                .anyMatch("True"::equals);
    }

    private static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    private static List<Toleration> tolerations(PodSpec spec) {
        return spec.getTolerations() == null ? List.of() : spec.getTolerations();
    }

    static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = toleration.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String operator = toleration.getOperator() == null || toleration.getOperator().isEmpty()
                ? "Equal" : toleration.getOperator();
        String key = toleration.getKey();
        if (key == null || key.isEmpty()) {
            return operator.equals("Exists");
        }
        if (!key.equals(taint.getKey())) {
            return false;
        }
        return operator.equals("Exists")
                || Objects.toString(toleration.getValue(), "").equals(Objects.toString(taint.getValue(), ""));
    }

    static boolean matchesSelectorAndRequiredAffinity(PodSpec spec, Node node) {
        Map<String, String> labels = labels(node);
        if (spec.getNodeSelector() != null) {
            for (Map.Entry<String, String> e : spec.getNodeSelector().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        NodeAffinity affinity = Optional.ofNullable(spec.getAffinity()).map(Affinity::getNodeAffinity).orElse(null);
        if (affinity == null || affinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
        return terms != null && terms.stream().anyMatch(term -> matches(term, node));
    }

    /** A term matches when all its requirements do; a term with none matches no node. */
    static boolean matches(NodeSelectorTerm term, Node node) {
        List<NodeSelectorRequirement> expressions = term.getMatchExpressions() == null ? List.of() : term.getMatchExpressions();
        List<NodeSelectorRequirement> fields = term.getMatchFields() == null ? List.of() : term.getMatchFields();
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        Map<String, String> nodeFields = Map.of("metadata.name", node.getMetadata().getName());
        return expressions.stream().allMatch(r -> matches(r, labels)) && fields.stream().allMatch(r -> matches(r, nodeFields));
    }

    static boolean matches(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> compare(value, values) > 0;
            case "Lt" -> value != null && !values.isEmpty() && compare(value, values) < 0;
            default -> throw new IllegalArgumentException("node selector operator '" + requirement.getOperator()
                    + "' is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt");
        };
    }

    private static int compare(String value, List<String> values) {
        if (value == null || values.size() != 1) {
            return 0;
        }
        try {
            return Long.compare(Long.parseLong(value), Long.parseLong(values.get(0)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long preferredWeight(PodSpec spec, Node node) {
        NodeAffinity affinity = Optional.ofNullable(spec.getAffinity()).map(Affinity::getNodeAffinity).orElse(null);
        if (affinity == null || affinity.getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
            return 0;
        }
        long weight = 0;
        for (PreferredSchedulingTerm term : affinity.getPreferredDuringSchedulingIgnoredDuringExecution()) {
            if (term.getPreference() != null && matches(term.getPreference(), node)) {
                weight += term.getWeight() == null ? 0 : term.getWeight();
            }
        }
        return weight;
    }

    private static int preferNoScheduleCount(PodSpec spec, Node node) {
        return (int) taints(node).stream()
                .filter(t -> "PreferNoSchedule".equals(t.getEffect()))
                .filter(t -> tolerations(spec).stream().noneMatch(tol -> tolerates(tol, t)))
                .count();
    }

    /** Mean of the CPU and memory fractions in use once the pod is placed (LeastAllocated scoring). */
    private static BigDecimal utilisation(Node node, ResourceAmounts used) {
        ResourceAmounts allocatable = ResourceAmounts.of(node.getStatus().getAllocatable());
        BigDecimal total = BigDecimal.ZERO;
        for (String resource : List.of("cpu", "memory")) {
            BigDecimal capacity = allocatable.get(resource);
            if (capacity.signum() > 0) {
                total = total.add(used.get(resource).divide(capacity, MathContext.DECIMAL64));
            }
        }
        return total;
    }

    private static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }
}
