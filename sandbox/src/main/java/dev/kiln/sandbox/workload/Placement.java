package dev.kiln.sandbox.workload;

import java.util.Optional;

/**
 * Where the scheduler puts a pod: a node, or why none fits, worded like kube-scheduler's
 * FailedScheduling event ({@code 0/4 nodes are available: 1 Insufficient nvidia.com/gpu, ...}).
 */
public record Placement(Optional<String> node, String reason) {

    public static Placement on(String node) {
        return new Placement(Optional.of(node), "");
    }

    public static Placement unschedulable(String reason) {
        return new Placement(Optional.empty(), reason);
    }

    public boolean scheduled() {
        return node.isPresent();
    }
}
