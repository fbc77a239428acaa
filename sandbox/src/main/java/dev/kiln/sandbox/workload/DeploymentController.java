package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps a Deployment's pods and status true, without ReplicaSets: pods of the current template are
 * created up to the replica count; pods of an older template are deleted only once as many current
 * pods are ready (surge 100%, nothing unavailable), so a rollout never takes serving pods away first.
 */
final class DeploymentController {

    private DeploymentController() {
    }

    static List<WorkloadAction> reconcile(Deployment deployment, List<Pod> allPods, Instant now) {
        List<WorkloadAction> actions = new ArrayList<>();
        String hash = Pods.templateHash(deployment.getSpec().getTemplate());
        int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        List<Pod> owned = allPods.stream().filter(p -> Pods.ownedBy(p, deployment) && !Pods.terminating(p)).toList();
        List<Pod> current = owned.stream().filter(p -> hash.equals(label(p))).sorted(byName()).toList();
        List<Pod> old = owned.stream().filter(p -> !hash.equals(label(p))).toList();

        Set<String> names = new HashSet<>();
        allPods.forEach(p -> names.add(p.getMetadata().getName()));
        String prefix = deployment.getMetadata().getName() + "-" + hash + "-";
        for (int i = current.size(), index = 0; i < desired; i++) {
            while (names.contains(prefix + index)) {
                index++;
            }
            names.add(prefix + index);
            actions.add(new WorkloadAction.CreatePod(Pods.fromTemplate(deployment.getSpec().getTemplate(), deployment,
                    prefix + index, Map.of(Pods.TEMPLATE_HASH, hash))));
        }
        for (int i = current.size() - 1; i >= desired; i--) {
            actions.add(delete(current.get(i)));
        }
        long readyCurrent = current.stream().filter(Pods::ready).count();
        if (readyCurrent >= desired) {
            old.forEach(p -> actions.add(delete(p)));
        }

        DeploymentStatus status = status(deployment, owned, current, desired, now);
        if (!sameIgnoringTimes(status, deployment.getStatus())) {
            actions.add(new WorkloadAction.SetDeploymentStatus(deployment.getMetadata().getNamespace(),
                    deployment.getMetadata().getName(), status));
        }
        return actions;
    }

    private static DeploymentStatus status(Deployment deployment, List<Pod> owned, List<Pod> current, int desired,
                                           Instant now) {
        int ready = (int) owned.stream().filter(Pods::ready).count();
        int updated = Math.min(current.size(), desired);
        boolean available = ready >= desired;
        boolean complete = available && updated == desired && owned.size() == desired;
        DeploymentCondition availableCondition = new DeploymentConditionBuilder().withType("Available")
                .withStatus(available ? "True" : "False")
                .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.")
                .withLastTransitionTime(transition(deployment, "Available", available ? "True" : "False", now))
                .withLastUpdateTime(now.toString()).build();
        DeploymentCondition progressing = new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                .withReason(complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
                .withMessage(complete ? "Deployment has successfully progressed." : "Deployment is progressing.")
                .withLastTransitionTime(transition(deployment, "Progressing", "True", now))
                .withLastUpdateTime(now.toString()).build();
        return new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(owned.size())
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, desired - ready) == 0 ? null : Math.max(0, desired - ready))
                .withConditions(availableCondition, progressing)
                .build();
    }

    /** Keeps the transition time while a condition's status stays the same. */
    private static String transition(Deployment deployment, String type, String status, Instant now) {
        if (deployment.getStatus() != null && deployment.getStatus().getConditions() != null) {
            for (DeploymentCondition c : deployment.getStatus().getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus())) {
                    return c.getLastTransitionTime();
                }
            }
        }
        return now.toString();
    }

    private static boolean sameIgnoringTimes(DeploymentStatus wanted, DeploymentStatus actual) {
        if (actual == null) {
            return false;
        }
        DeploymentStatus a = new DeploymentStatusBuilder(actual).build();
        DeploymentStatus w = new DeploymentStatusBuilder(wanted).build();
        a.setConditions(withoutTimes(a.getConditions()));
        w.setConditions(withoutTimes(w.getConditions()));
        return a.equals(w);
    }

    private static List<DeploymentCondition> withoutTimes(List<DeploymentCondition> conditions) {
        if (conditions == null) {
            return List.of();
        }
        return conditions.stream().map(c -> new DeploymentConditionBuilder(c).withLastUpdateTime(null)
                .withLastTransitionTime(null).build()).toList();
    }

    private static WorkloadAction delete(Pod pod) {
        return new WorkloadAction.DeletePod(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }

    private static String label(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Pods.TEMPLATE_HASH);
    }

    private static Comparator<Pod> byName() {
        return Comparator.comparing((Pod p) -> p.getMetadata().getName().length())
                .thenComparing(p -> p.getMetadata().getName());
    }
}
