package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The Nodes and Pods the informers see, read as capacity. */
public record ClusterSnapshot(List<Node> nodes, List<Pod> pods) {

    static final String PODS = "pods";

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
    }

    /** What the pods bound to each node take, by node name, counting each pod against the node's pod limit. */
    Map<String, ResourceAmounts> usedByNode(Predicate<Pod> notCounted) {
        Map<String, ResourceAmounts> used = new HashMap<>();
        for (Pod pod : pods) {
            if (!PodRequests.occupiesNode(pod) || notCounted.test(pod)) {
                continue;
            }
            ResourceAmounts takes = PodRequests.of(pod).plus(ResourceAmounts.of(PODS, 1));
            used.merge(pod.getSpec().getNodeName(), takes, ResourceAmounts::plus);
        }
        return used;
    }

    static ResourceAmounts allocatable(Node node) {
        return node.getStatus() == null ? ResourceAmounts.NONE : ResourceAmounts.of(node.getStatus().getAllocatable());
    }
}
