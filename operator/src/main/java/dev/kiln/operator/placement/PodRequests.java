package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a pod takes from its node, as the scheduler accounts it. */
public final class PodRequests {

    private PodRequests() {
    }

    /** Bound to a node and not finished: Succeeded and Failed pods hold nothing. */
    public static boolean occupiesNode(Pod pod) {
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return nodeName != null && !nodeName.isEmpty() && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** Sum of the app containers, or the largest init container if larger, plus the pod overhead. */
    public static ResourceAmounts of(Pod pod) {
        if (pod.getSpec() == null) {
            return ResourceAmounts.NONE;
        }
        ResourceAmounts containers = ResourceAmounts.NONE;
        for (Container c : nullToEmpty(pod.getSpec().getContainers())) {
            containers = containers.plus(of(c.getResources()));
        }
        ResourceAmounts init = ResourceAmounts.NONE;
        for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
            init = init.max(of(c.getResources()));
        }
        return containers.max(init).plus(ResourceAmounts.of(pod.getSpec().getOverhead()));
    }

    /** Requests, where a resource only has a limit the limit (the API server defaults requests so). */
    public static ResourceAmounts of(ResourceRequirements resources) {
        if (resources == null) {
            return ResourceAmounts.NONE;
        }
        Map<String, Quantity> effective = new TreeMap<>();
        if (resources.getLimits() != null) {
            effective.putAll(resources.getLimits());
        }
        if (resources.getRequests() != null) {
            effective.putAll(resources.getRequests());
        }
        return ResourceAmounts.of(effective);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
