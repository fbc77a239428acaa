package dev.kiln.operator.placement;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ServingSpec;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/**
 * What needs a place: the class asked for (a name or {@code auto}), how many replicas, what each takes
 * besides its device, and the ModelDeployment's own node constraints, which apply on top of the class's.
 *
 * @param requiredAffinity the ModelDeployment's required node-affinity terms, or null
 * @param placedPods       the pods being placed, whose current capacity is not counted as taken
 */
public record PlacementRequest(String accelerator, int replicas, ResourceAmounts perReplica,
                               Map<String, String> nodeSelector, NodeSelector requiredAffinity,
                               List<Toleration> tolerations, PlacedPods placedPods) {

    public static final String AUTO = "auto";

    public PlacementRequest {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
        }
        nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    }

    /** The inference pods of a ModelDeployment: its serving spec, for the given number of replicas. */
    public static PlacementRequest forServing(ModelDeployment md, int replicas, PlacedPods placedPods) {
        ServingSpec serving = md.getSpec().serving == null ? new ServingSpec() : md.getSpec().serving;
        NodeSelector affinity = serving.affinity == null || serving.affinity.getNodeAffinity() == null ? null
                : serving.affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return new PlacementRequest(serving.accelerator == null ? AUTO : serving.accelerator, replicas,
                PodRequests.of(serving.resources), serving.nodeSelector, affinity, serving.tolerations, placedPods);
    }

    public boolean auto() {
        return AUTO.equals(accelerator);
    }
}
