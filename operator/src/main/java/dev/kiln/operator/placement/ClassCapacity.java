package dev.kiln.operator.placement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The capacity one accelerator class has for a request, as seen in one snapshot.
 *
 * @param offered         some node advertises the class's device resource (always true without one)
 * @param matchingNodes   nodes matching the class's and the ModelDeployment's selectors and affinity
 * @param cordonedNodes   of those, cordoned
 * @param taintedNodes    of those, with a NoSchedule/NoExecute taint the tolerations do not cover
 * @param exampleTaint    one such taint, to name in messages; null when none
 * @param free            free amounts of what a replica needs, summed over the schedulable matching nodes
 * @param replicasThatFit replicas the schedulable matching nodes hold, node by node
 */
public record ClassCapacity(String className, String resourceName, int perReplica, boolean offered,
                            int matchingNodes, int cordonedNodes, int taintedNodes, String exampleTaint,
                            ResourceAmounts free, long replicasThatFit) {

    public int schedulableNodes() {
        return matchingNodes - cordonedNodes - taintedNodes;
    }

    public boolean fits(int replicas) {
        return offered && replicasThatFit >= replicas;
    }

    /** E.g. {@code nvidia-gpu: fits 1 (free nvidia.com/gpu=1 on 1 of 3 nodes; 1 cordoned; 1 tainted x:NoSchedule)}. */
    public String describe() {
        if (!offered) {
            return className + ": no node offers " + resourceName;
        }
        String fits = replicasThatFit == ResourceAmounts.UNBOUNDED ? "fits any number" : "fits " + replicasThatFit;
        List<String> details = new ArrayList<>();
        String freeText = free.amounts().isEmpty() ? "" : "free " + format(free) + " on ";
        details.add(freeText + schedulableNodes() + " of " + matchingNodes + " matching node"
                + (matchingNodes == 1 ? "" : "s"));
        if (cordonedNodes > 0) {
            details.add(cordonedNodes + " cordoned");
        }
        if (taintedNodes > 0) {
            details.add(taintedNodes + " tainted " + exampleTaint + " without toleration");
        }
        return className + ": " + fits + " (" + String.join("; ", details) + ")";
    }

    static String format(ResourceAmounts amounts) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> e : new java.util.TreeMap<>(amounts.amounts()).entrySet()) {
            parts.add(e.getKey() + "=" + format(e.getKey(), e.getValue()));
        }
        return String.join(",", parts);
    }

    private static String format(String resource, BigDecimal amount) {
        if (resource.equals("memory") || resource.startsWith("hugepages-") || resource.equals("ephemeral-storage")) {
            return amount.divide(BigDecimal.valueOf(1L << 30), 1, RoundingMode.FLOOR).stripTrailingZeros()
                    .toPlainString() + "Gi";
        }
        return amount.setScale(Math.min(Math.max(amount.scale(), 0), 3), RoundingMode.FLOOR).stripTrailingZeros()
                .toPlainString();
    }
}
