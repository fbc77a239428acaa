package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.time.Instant;
import java.util.List;

/** What the workload runner sees in one pass: the objects it acts on and the time. */
public record ClusterState(List<Node> nodes, List<Deployment> deployments, List<Job> jobs, List<Pod> pods,
                           Instant now) {

    public ClusterState {
        nodes = List.copyOf(nodes);
        deployments = List.copyOf(deployments);
        jobs = List.copyOf(jobs);
        pods = List.copyOf(pods);
    }
}
