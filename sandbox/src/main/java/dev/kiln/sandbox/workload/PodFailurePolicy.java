package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;

import java.util.List;
import java.util.Optional;

/**
 * A Job's podFailurePolicy rules on exit codes, as the Job controller applies them to a failed pod: the
 * first matching rule's action (FailJob, Ignore, Count). Rules on pod conditions are not modelled: the
 * sandbox never evicts or disrupts pods.
 */
final class PodFailurePolicy {

    /** The first matching rule's action and a message worded like the Job controller's. */
    record Match(String action, String message) {
    }

    private PodFailurePolicy() {
    }

    static Optional<Match> match(Job job, Pod failedPod) {
        if (job.getSpec().getPodFailurePolicy() == null || failedPod.getStatus() == null
                || failedPod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
        for (int i = 0; i < rules.size(); i++) {
            PodFailurePolicyOnExitCodesRequirement onExit = rules.get(i).getOnExitCodes();
            if (onExit == null) {
                continue;
            }
            for (ContainerStatus c : failedPod.getStatus().getContainerStatuses()) {
                if (c.getState() == null || c.getState().getTerminated() == null
                        || c.getState().getTerminated().getExitCode() == null
                        || (onExit.getContainerName() != null && !onExit.getContainerName().equals(c.getName()))) {
                    continue;
                }
                int code = c.getState().getTerminated().getExitCode();
                if (code == 0) {
                    continue;
                }
                boolean listed = onExit.getValues().contains(code);
                if ("In".equals(onExit.getOperator()) == listed) {
                    return Optional.of(new Match(rules.get(i).getAction(), "Container " + c.getName() + " for pod "
                            + failedPod.getMetadata().getNamespace() + "/" + failedPod.getMetadata().getName()
                            + " failed with exit code " + code + " matching " + rules.get(i).getAction()
                            + " rule at index " + i));
                }
            }
        }
        return Optional.empty();
    }
}
