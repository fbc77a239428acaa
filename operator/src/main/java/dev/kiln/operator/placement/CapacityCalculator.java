package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Free capacity of an accelerator class for a request: allocatable of the nodes that match the class and
 * the ModelDeployment, are not cordoned and whose taints are tolerated, minus the requests of the
 * non-terminated pods on them. Replicas are fitted node by node, since a pod cannot span nodes.
 */
public final class CapacityCalculator {

    private CapacityCalculator() {
    }

    public static ClassCapacity measure(AcceleratorProfile profile, PlacementRequest request, ClusterSnapshot cluster) {
        String resource = profile.resourceName();
        ResourceAmounts perReplica = profile.resourceName() == null ? request.perReplica()
                : request.perReplica().with(resource, BigDecimal.valueOf(profile.perReplica()));
        List<Toleration> tolerations = new ArrayList<>(profile.tolerations());
        tolerations.addAll(request.tolerations());
        Map<String, ResourceAmounts> used = cluster.usedByNode(request.placedPods()::includes);

        boolean offered = resource == null;
        int matching = 0;
        int cordoned = 0;
        int tainted = 0;
        String exampleTaint = null;
        ResourceAmounts free = ResourceAmounts.NONE;
        long fits = 0;
        for (Node node : cluster.nodes()) {
            ResourceAmounts allocatable = ClusterSnapshot.allocatable(node);
            offered |= resource != null && allocatable.get(resource).signum() > 0;
            if (!matches(node, profile, request)) {
                continue;
            }
            matching++;
            if (Taints.cordonedFor(node, tolerations)) {
                cordoned++;
                continue;
            }
            Optional<Taint> untolerated = Taints.firstUntolerated(node, tolerations);
            if (untolerated.isPresent()) {
                tainted++;
                exampleTaint = exampleTaint == null ? Taints.describe(untolerated.get()) : exampleTaint;
                continue;
            }
            ResourceAmounts nodeFree = allocatable.minus(used.getOrDefault(node.getMetadata().getName(),
                    ResourceAmounts.NONE));
            ResourceAmounts need = allocatable.has(ClusterSnapshot.PODS)
                    ? perReplica.with(ClusterSnapshot.PODS, BigDecimal.ONE) : perReplica;
            fits = saturatingAdd(fits, nodeFree.timesFits(need));
            free = free.plus(onlyNeeded(nodeFree, perReplica));
        }
        return new ClassCapacity(profile.name(), resource, profile.perReplica(), offered, matching, cordoned, tainted,
                exampleTaint, free, fits);
    }

    static boolean matches(Node node, AcceleratorProfile profile, PlacementRequest request) {
        return NodeAffinityMatcher.matchesSelector(node, profile.nodeSelector())
                && NodeAffinityMatcher.matchesAffinity(node, profile.nodeAffinity())
                && NodeAffinityMatcher.matchesSelector(node, request.nodeSelector())
                && NodeAffinityMatcher.matchesAffinity(node, request.requiredAffinity());
    }

    /** The free amounts of the resources a replica needs, never below zero (an overcommitted node has none). */
    private static ResourceAmounts onlyNeeded(ResourceAmounts nodeFree, ResourceAmounts perReplica) {
        ResourceAmounts result = ResourceAmounts.NONE;
        for (String name : perReplica.amounts().keySet()) {
            result = result.with(name, nodeFree.get(name).max(BigDecimal.ZERO));
        }
        return result;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? ResourceAmounts.UNBOUNDED : sum;
    }
}
