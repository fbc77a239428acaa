package dev.kiln.operator.plan;

import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads how an optimization Job ended from the Job's conditions and its pods' termination messages, where the
 * optimizer writes its {@link OptimizationSummary}.
 */
public final class OptimizationJobReader {

    /** The optimization container's name; the termination message is read from it. */
    public static final String CONTAINER = "optimize";

    private OptimizationJobReader() {
    }

    /**
     * @param revisionDir the revision's folder on the artifacts volume, where the summary's artifact path is
     *                    relative to
     */
    public static OptimizationProgress read(Job job, List<Pod> pods, String revisionDir) {
        String name = job.getMetadata().getName();
        long generation = ObservedState.generationOf(job);
        boolean complete = isComplete(job);
        Optional<JobCondition> failed = condition(job, "Failed");
        if (!complete && failed.isEmpty()) {
            return OptimizationProgress.running(name, generation);
        }
        Optional<ContainerStateTerminated> terminated = lastTermination(pods);
        Optional<OptimizationSummary> summary = terminated.map(ContainerStateTerminated::getMessage).flatMap(OptimizationJobReader::parse);
        if (summary.isPresent()) {
            OptimizationSummary s = summary.get();
            Outcome outcome = s.outcome() == null ? Outcome.Failed : s.outcome();
            if (outcome != Outcome.Succeeded) {
                return OptimizationProgress.failed(name, generation, outcome, s.message(), s);
            }
            if (s.artifact() == null || s.artifact().path() == null) {
                return OptimizationProgress.failed(name, generation, Outcome.Failed,
                        "optimization Job " + name + " reported success without an artifact: " + s.message(), s);
            }
            return new OptimizationProgress(name, generation, outcome, s.message(), s,
                    revisionDir + "/" + s.artifact().path(), s.artifact().sha256());
        }
        if (complete) {
            return OptimizationProgress.failed(name, generation, Outcome.Failed,
                    "optimization Job " + name + " succeeded but its pod left no optimization summary in its "
                            + "termination message; check that the runtime image writes one", null);
        }
        Outcome outcome = terminated.map(t -> t.getExitCode() == null ? Outcome.Failed : Outcome.fromExitCode(t.getExitCode()))
                .orElse(Outcome.Failed);
        String detail = Stream.of(
                        terminated.map(ContainerStateTerminated::getMessage).filter(m -> !m.isBlank()).map(String::strip).orElse(null),
                        failed.map(c -> c.getReason() + ": " + c.getMessage()).orElse(null))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("no reason given");
        return OptimizationProgress.failed(name, generation, outcome,
                "optimization Job " + name + " failed: " + shorten(detail), null);
    }

    public static boolean isFinished(Job job) {
        return isComplete(job) || condition(job, "Failed").isPresent();
    }

    private static boolean isComplete(Job job) {
        return hasCondition(job, "Complete")
                || (job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0);
    }

    private static Optional<OptimizationSummary> parse(String message) {
        if (message == null || message.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OptimizationSummary.parse(message));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The newest termination of the optimize container across the Job's pods (retries make several). */
    private static Optional<ContainerStateTerminated> lastTermination(List<Pod> pods) {
        return pods.stream()
                .sorted(Comparator.comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")).reversed())
                .flatMap(pod -> pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                        ? Stream.empty() : pod.getStatus().getContainerStatuses().stream())
                .filter(status -> CONTAINER.equals(status.getName()))
                .map(OptimizationJobReader::terminated)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<ContainerStateTerminated> terminated(ContainerStatus status) {
        if (status.getState() != null && status.getState().getTerminated() != null) {
            return Optional.of(status.getState().getTerminated());
        }
        if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
            return Optional.of(status.getLastState().getTerminated());
        }
        return Optional.empty();
    }

    private static boolean hasCondition(Job job, String type) {
        return condition(job, type).isPresent();
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    private static String shorten(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
    }
}
