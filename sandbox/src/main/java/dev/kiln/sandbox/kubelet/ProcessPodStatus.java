package dev.kiln.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;

/**
 * The status of a pod whose container is a real process: waiting (it could not start), running (ready
 * when its readiness probe passes), or terminated with the process's exit code and termination
 * message. Pure. A process that exits in a pod with restartPolicy Always is not restarted: the pod
 * stays Running and not ready, with the container terminated, so the failure stays visible.
 */
public final class ProcessPodStatus {

    private ProcessPodStatus() {
    }

    public static PodStatus waiting(Pod pod, String reason, String message, Instant now) {
        Container c = pod.getSpec().getContainers().get(0);
        return base(pod, "Pending", false, now)
                .withContainerStatuses(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                        .withRestartCount(0).withReady(false).withStarted(false)
                        .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                        .build())
                .build();
    }

    public static PodStatus running(Pod pod, Instant startedAt, boolean ready, Instant now) {
        Container c = pod.getSpec().getContainers().get(0);
        return base(pod, "Running", ready, now)
                .withStartTime(startedAt.toString())
                .withContainerStatuses(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                        .withImageID("sandbox-process://" + c.getImage()).withRestartCount(0).withReady(ready)
                        .withStarted(true)
                        .withNewState().withNewRunning().withStartedAt(startedAt.toString()).endRunning().endState()
                        .build())
                .build();
    }

    public static PodStatus terminated(Pod pod, Instant startedAt, int exitCode, String message, Instant finishedAt) {
        Container c = pod.getSpec().getContainers().get(0);
        boolean restartsAlways = pod.getSpec().getRestartPolicy() == null || "Always".equals(pod.getSpec().getRestartPolicy());
        String phase = restartsAlways ? "Running" : exitCode == 0 ? "Succeeded" : "Failed";
        return base(pod, phase, false, finishedAt)
                .withStartTime(startedAt.toString())
                .withContainerStatuses(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                        .withImageID("sandbox-process://" + c.getImage()).withRestartCount(0).withReady(false)
                        .withStarted(false)
                        .withNewState().withNewTerminated().withExitCode(exitCode)
                            .withReason(exitCode == 0 ? "Completed" : "Error")
                            .withMessage(message == null || message.isEmpty() ? null : message)
                            .withStartedAt(startedAt.toString()).withFinishedAt(finishedAt.toString())
                        .endTerminated().endState()
                        .build())
                .build();
    }

    private static PodStatusBuilder base(Pod pod, String phase, boolean ready, Instant now) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        String readyText = ready ? "True" : "False";
        return new PodStatusBuilder().withPhase(phase).withHostIP("127.0.0.1").withPodIP(ip).addNewPodIP(ip)
                .withConditions(condition(pod, "PodScheduled", "True", now), condition(pod, "Initialized", "True", now),
                        condition(pod, "ContainersReady", readyText, now), condition(pod, "Ready", readyText, now));
    }

    /** Keeps a condition's lastTransitionTime while its status does not change. */
    private static PodCondition condition(Pod pod, String type, String status, Instant now) {
        String since = now.toString();
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition old : pod.getStatus().getConditions()) {
                if (type.equals(old.getType()) && status.equals(old.getStatus()) && old.getLastTransitionTime() != null) {
                    since = old.getLastTransitionTime();
                }
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since).build();
    }
}
