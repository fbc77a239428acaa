package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;

/** One change the workload runner makes to the cluster, standing in for a controller or a kubelet. */
public sealed interface WorkloadAction {

    /** A Deployment or Job controller creates a pod. */
    record CreatePod(Pod pod) implements WorkloadAction {
    }

    /** A controller deletes a pod it no longer needs. */
    record DeletePod(String namespace, String name) implements WorkloadAction {
    }

    /** The scheduler binds a pod to a node. */
    record BindPod(String namespace, String name, String node) implements WorkloadAction {
    }

    /** The kubelet (or the scheduler, for an unschedulable pod) reports the pod's status. */
    record SetPodStatus(String namespace, String name, PodStatus status) implements WorkloadAction {
    }

    record SetDeploymentStatus(String namespace, String name, DeploymentStatus status) implements WorkloadAction {
    }

    record SetJobStatus(String namespace, String name, JobStatus status) implements WorkloadAction {
    }
}
