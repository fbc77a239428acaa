package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a single-completion Job's pod and status true: one pod at a time, a new one after a failure
 * until backoffLimit failures (default 6), then Complete or Failed. Parallel and indexed Jobs are
 * not modelled; Kiln's optimization Jobs are single-pod.
 */
final class JobController {

    static final String JOB_NAME = "batch.kubernetes.io/job-name";

    private JobController() {
    }

    static List<WorkloadAction> reconcile(Job job, List<Pod> allPods, Instant now) {
        List<WorkloadAction> actions = new ArrayList<>();
        List<Pod> owned = allPods.stream().filter(p -> Pods.ownedBy(p, job)).toList();
        int succeeded = (int) owned.stream().filter(p -> "Succeeded".equals(Pods.phase(p))).count();
        List<Pod> failedPods = owned.stream().filter(p -> "Failed".equals(Pods.phase(p))).toList();
        int failed = failedPods.size();
        int active = owned.size() - succeeded - failed;
        int backoffLimit = Objects.requireNonNullElse(job.getSpec().getBackoffLimit(), 6);
        Optional<PodFailurePolicy.Match> failJob = failedPods.stream().map(p -> PodFailurePolicy.match(job, p))
                .flatMap(Optional::stream).filter(m -> "FailJob".equals(m.action())).findFirst();
        long ignored = failedPods.stream().map(p -> PodFailurePolicy.match(job, p))
                .filter(m -> m.isPresent() && "Ignore".equals(m.get().action())).count();
        boolean complete = succeeded > 0;
        boolean exhausted = !complete && (failJob.isPresent() || failed - ignored > backoffLimit);

        if (!complete && !exhausted && active == 0) {
            String name = job.getMetadata().getName() + "-" + (succeeded + failed);
            actions.add(new WorkloadAction.CreatePod(Pods.fromTemplate(job.getSpec().getTemplate(), job, name,
                    Map.of(JOB_NAME, job.getMetadata().getName()))));
            active = 1;
        }

        JobStatusBuilder status = new JobStatusBuilder()
                .withActive(active == 0 ? null : active)
                .withSucceeded(succeeded == 0 ? null : succeeded)
                .withFailed(failed == 0 ? null : failed)
                .withStartTime(job.getStatus() != null && job.getStatus().getStartTime() != null
                        ? job.getStatus().getStartTime() : now.toString());
        if (complete || exhausted) {
            String finishedAt = finishedAt(job, now);
            JobCondition condition = new JobConditionBuilder().withType(complete ? "Complete" : "Failed").withStatus("True")
                    .withReason(complete ? "Completed" : failJob.isPresent() ? "PodFailurePolicy" : "BackoffLimitExceeded")
                    .withMessage(complete ? "Reached expected number of succeeded pods"
                            : failJob.map(PodFailurePolicy.Match::message)
                            .orElse("Job has reached the specified backoff limit"))
                    .withLastProbeTime(finishedAt).withLastTransitionTime(finishedAt).build();
            status.withConditions(condition);
            if (complete) {
                status.withCompletionTime(finishedAt);
            }
        }
        JobStatus wanted = status.build();
        if (!wanted.equals(job.getStatus())) {
            actions.add(new WorkloadAction.SetJobStatus(job.getMetadata().getNamespace(), job.getMetadata().getName(),
                    wanted));
        }
        return actions;
    }

    /** The time the Job finished: kept once recorded, so the status does not change on every pass. */
    private static String finishedAt(Job job, Instant now) {
        if (job.getStatus() != null && job.getStatus().getConditions() != null) {
            for (JobCondition c : job.getStatus().getConditions()) {
                if ("True".equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    return c.getLastTransitionTime();
                }
            }
        }
        return now.toString();
    }
}
