package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One pass of the sandbox's stand-ins for the Deployment and Job controllers, the scheduler and the
 * kubelet: what to change so that pods, placements and statuses are true for the observed state.
 * Pure; the workload runner applies the actions. Pods created in this pass are scheduled in the next.
 */
public final class WorkloadPlanner {

    private WorkloadPlanner() {
    }

    /** A pass where every container is simulated. */
    public static List<WorkloadAction> plan(ClusterState state) {
        return plan(state, pod -> false);
    }

    /**
     * @param runsForReal pods whose containers a real process will run: once bound they are left
     *                    ContainerCreating (with their pod IP) for the process kubelet, instead of started at once
     */
    public static List<WorkloadAction> plan(ClusterState state, Predicate<Pod> runsForReal) {
        return plan(state, runsForReal, PodNetwork.DEFAULT_BLOCK);
    }

    /** @param podNetworkBlock pod IPs are 127.&lt;block&gt;.x.y (the sandbox's {@link PodNetwork}) */
    public static List<WorkloadAction> plan(ClusterState state, Predicate<Pod> runsForReal, int podNetworkBlock) {
        List<WorkloadAction> actions = new ArrayList<>();
        for (Deployment d : state.deployments()) {
            actions.addAll(DeploymentController.reconcile(d, state.pods(), state.now()));
        }
        for (Job j : state.jobs()) {
            actions.addAll(JobController.reconcile(j, state.pods(), state.now()));
        }
        actions.addAll(collectOrphans(state));
        actions.addAll(schedule(state, runsForReal, podNetworkBlock));
        return actions;
    }

    /** Garbage collection for pods: a pod whose controlling Deployment or Job is gone is deleted. */
    private static List<WorkloadAction> collectOrphans(ClusterState state) {
        Set<String> owners = new HashSet<>();
        state.deployments().forEach(d -> owners.add(d.getMetadata().getUid()));
        state.jobs().forEach(j -> owners.add(j.getMetadata().getUid()));
        List<WorkloadAction> actions = new ArrayList<>();
        for (Pod pod : state.pods()) {
            List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
            boolean orphaned = refs != null && refs.stream()
                    .filter(r -> Boolean.TRUE.equals(r.getController()))
                    .filter(r -> ("apps/v1".equals(r.getApiVersion()) && "Deployment".equals(r.getKind()))
                            || ("batch/v1".equals(r.getApiVersion()) && "Job".equals(r.getKind())))
                    .anyMatch(r -> !owners.contains(r.getUid()));
            if (orphaned) {
                actions.add(new WorkloadAction.DeletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
            }
        }
        return actions;
    }

    private static List<WorkloadAction> schedule(ClusterState state, Predicate<Pod> runsForReal, int podNetworkBlock) {
        List<WorkloadAction> actions = new ArrayList<>();
        List<Pod> bound = new ArrayList<>(state.pods().stream().filter(p -> p.getSpec().getNodeName() != null).toList());
        Set<String> usedIps = new HashSet<>();
        state.pods().stream().map(p -> p.getStatus() == null ? null : p.getStatus().getPodIP())
                .filter(Objects::nonNull).forEach(usedIps::add);
        for (Pod pod : state.pods()) {
            if (Pods.terminating(pod) || "Succeeded".equals(Pods.phase(pod)) || "Failed".equals(Pods.phase(pod))) {
                continue;
            }
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            if (pod.getSpec().getNodeName() == null) {
                Placement placement = Scheduler.place(pod, state.nodes(), bound);
                if (placement.scheduled()) {
                    actions.add(new WorkloadAction.BindPod(ns, name, placement.node().get()));
                    Pod placed = new io.fabric8.kubernetes.api.model.PodBuilder(pod).editSpec()
                            .withNodeName(placement.node().get()).endSpec().build();
                    bound.add(placed);
                    String ip = PodNetwork.freeIp(podNetworkBlock, usedIps);
                    usedIps.add(ip);
                    actions.add(new WorkloadAction.SetPodStatus(ns, name, runsForReal.test(placed)
                            ? SimulatedKubelet.containerCreating(placed, ip, state.now())
                            : SimulatedKubelet.started(placed, ip, state.now())));
                } else if (!placement.reason().equals(pendingReason(pod))) {
                    actions.add(new WorkloadAction.SetPodStatus(ns, name,
                            SimulatedKubelet.pending(placement.reason(), state.now())));
                }
            }
        }
        return actions;
    }

    private static String pendingReason(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType()))
                .map(c -> c.getMessage()).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
