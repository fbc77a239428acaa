package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Pod status for pods whose containers are only simulated: a bound pod is running and ready at once
 * (a pod with restartPolicy Never or OnFailure, such as a Job's, has succeeded at once); an
 * unschedulable one is Pending with the scheduler's reason. Each pod gets its own loopback address
 * as pod IP, 127.&lt;block&gt;.x.y (see {@link PodNetwork}).
 */
final class SimulatedKubelet {

    private SimulatedKubelet() {
    }

    static PodStatus pending(String reason, Instant now) {
        return new PodStatusBuilder().withPhase("Pending")
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                        .withReason("Unschedulable").withMessage(reason).withLastTransitionTime(now.toString()).build())
                .build();
    }

    static PodStatus started(Pod pod, String podIp, Instant now) {
        boolean runsToCompletion = !"Always".equals(restartPolicy(pod));
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatusBuilder status = new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withImageID("simulated://" + c.getImage()).withRestartCount(0).withStarted(!runsToCompletion)
                    .withReady(!runsToCompletion);
            if (runsToCompletion) {
                status.withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                        .withStartedAt(now.toString()).withFinishedAt(now.toString()).endTerminated().endState();
            } else {
                status.withNewState().withNewRunning().withStartedAt(now.toString()).endRunning().endState();
            }
            containers.add(status.build());
        }
        String ready = runsToCompletion ? "False" : "True";
        return new PodStatusBuilder().withPhase(runsToCompletion ? "Succeeded" : "Running")
                .withHostIP("127.0.0.1").withPodIP(podIp).addNewPodIP(podIp).withStartTime(now.toString())
                .withConditions(condition("PodScheduled", "True", now), condition("Initialized", "True", now),
                        condition("ContainersReady", ready, now), condition("Ready", ready, now))
                .withContainerStatuses(containers)
                .build();
    }

    /** Bound, with its pod IP, waiting for a real process to start its containers. */
    static PodStatus containerCreating(Pod pod, String podIp, Instant now) {
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            containers.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withRestartCount(0).withStarted(false).withReady(false)
                    .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState().build());
        }
        return new PodStatusBuilder().withPhase("Pending")
                .withHostIP("127.0.0.1").withPodIP(podIp).addNewPodIP(podIp)
                .withConditions(condition("PodScheduled", "True", now), condition("Initialized", "True", now),
                        condition("ContainersReady", "False", now), condition("Ready", "False", now))
                .withContainerStatuses(containers)
                .build();
    }

    private static PodCondition condition(String type, String status, Instant now) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(now.toString()).build();
    }

    private static String restartPolicy(Pod pod) {
        return pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    }

}
