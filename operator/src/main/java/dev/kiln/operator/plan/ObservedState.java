package dev.kiln.operator.plan;

import dev.kiln.operator.api.AcceleratorClass;
import dev.kiln.operator.placement.ClusterSnapshot;
import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the informers see of one ModelDeployment's objects, and of the cluster its pods are placed in. The
 * planner reads only this, never the API, so a decision is a pure function of it.
 *
 * @param classes the AcceleratorClasses of the cluster
 * @param cluster its Nodes and the Pods holding capacity on them
 * @param routes  the HTTPRoutes Kiln owns for the ModelDeployment (gatewayAPI traffic)
 * @param httpRoutesServed the cluster serves gateway.networking.k8s.io/v1 HTTPRoutes (the Gateway API CRDs
 *                are installed), so the operator watches them
 * @param shadowConfig the serving pods' live shadow settings ConfigMap, when it exists
 */
public record ObservedState(List<Job> jobs, List<Pod> optimizerPods, List<Deployment> deployments,
                            List<Service> services, List<AcceleratorClass> classes, ClusterSnapshot cluster,
                            List<HTTPRoute> routes, boolean httpRoutesServed, Optional<ConfigMap> shadowConfig) {

    public ObservedState {
        jobs = List.copyOf(jobs);
        optimizerPods = List.copyOf(optimizerPods);
        deployments = List.copyOf(deployments);
        services = List.copyOf(services);
        classes = List.copyOf(classes);
        routes = List.copyOf(routes);
        shadowConfig = shadowConfig == null ? Optional.empty() : shadowConfig;
    }

    /** A cluster without the Gateway API (no HTTPRoutes), with this shadow settings ConfigMap seen or not. */
    public ObservedState(List<Job> jobs, List<Pod> optimizerPods, List<Deployment> deployments,
                         List<Service> services, List<AcceleratorClass> classes, ClusterSnapshot cluster,
                         Optional<ConfigMap> shadowConfig) {
        this(jobs, optimizerPods, deployments, services, classes, cluster, List.of(), false, shadowConfig);
    }

    /** A cluster without the Gateway API and no shadow settings ConfigMap seen. */
    public ObservedState(List<Job> jobs, List<Pod> optimizerPods, List<Deployment> deployments, List<Service> services,
                         List<AcceleratorClass> classes, ClusterSnapshot cluster) {
        this(jobs, optimizerPods, deployments, services, classes, cluster, Optional.empty());
    }

    /** No AcceleratorClasses and no Nodes seen: the built-in CPU class, with no capacity measured. */
    public ObservedState(List<Job> jobs, List<Pod> optimizerPods, List<Deployment> deployments, List<Service> services) {
        this(jobs, optimizerPods, deployments, services, List.of(), new ClusterSnapshot(List.of(), List.of()));
    }

    /** The same observation with the Gateway API served and these HTTPRoutes seen. */
    public ObservedState withRoutes(List<HTTPRoute> seen) {
        return new ObservedState(jobs, optimizerPods, deployments, services, classes, cluster, seen, true, shadowConfig);
    }

    public Optional<HTTPRoute> route(String name) {
        return routes.stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    public static ObservedState empty() {
        return new ObservedState(List.of(), List.of(), List.of(), List.of());
    }

    /** The class a revision's Deployment, or else its latest Job, was placed on; null when none says. */
    public String acceleratorOf(String revision) {
        return deploymentFor(revision).map(d -> label(d, KilnLabels.ACCELERATOR))
                .or(() -> jobsFor(revision).stream().findFirst().map(j -> label(j, KilnLabels.ACCELERATOR)))
                .orElse(null);
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
