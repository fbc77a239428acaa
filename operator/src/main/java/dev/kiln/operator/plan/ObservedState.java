package dev.kiln.operator.plan;

import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the informers see of one ModelDeployment's objects. The planner reads only this, never the API, so a
 * decision is a pure function of it.
 */
public record ObservedState(List<Job> jobs, List<Pod> optimizerPods, List<Deployment> deployments,
                            List<Service> services) {

    public ObservedState {
        jobs = List.copyOf(jobs);
        optimizerPods = List.copyOf(optimizerPods);
        deployments = List.copyOf(deployments);
        services = List.copyOf(services);
    }

    public static ObservedState empty() {
        return new ObservedState(List.of(), List.of(), List.of(), List.of());
    }

    /** The revision's optimization Jobs, the most recent attempt (highest generation) first. */
    public List<Job> jobsFor(String revision) {
        return jobs.stream()
                .filter(job -> revision.equals(label(job, KilnLabels.REVISION)))
                .sorted(Comparator.comparingLong(ObservedState::generationOf).reversed())
                .toList();
    }

    public List<Pod> podsOf(Job job) {
        String name = job.getMetadata().getName();
        return optimizerPods.stream().filter(pod -> name.equals(label(pod, KilnLabels.JOB))).toList();
    }

    public Optional<Deployment> deploymentFor(String revision) {
        if (revision == null) {
            return Optional.empty();
        }
        return deployments.stream().filter(d -> revision.equals(label(d, KilnLabels.REVISION))).findFirst();
    }

    public static long generationOf(Job job) {
        String value = label(job, KilnLabels.GENERATION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static String label(HasMetadata resource, String key) {
        var labels = resource.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
