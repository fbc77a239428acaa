package dev.kiln.operator.reconciler;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.plan.OptimizationJobReader;
import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * Plays the parts of the Job controller, the kubelet and the Deployment controller on the mock API server,
 * which runs no controllers: finishes Jobs with a termination message and marks Deployments ready.
 */
final class FakeCluster {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final KubernetesClient client;
    private final String namespace;
    private int touches;

    FakeCluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    static String sampleSummary() {
        return Contracts.sample("optimization-summary-v1.json", OptimizationSummary.class).toTerminationMessage();
    }

    static String failureSummary(Outcome outcome, String message) {
        return OptimizationSummary.failure(outcome, message).toTerminationMessage();
    }

    ModelDeployment md(String name) {
        return client.resources(ModelDeployment.class).inNamespace(namespace).withName(name).get();
    }

    /** Sets one annotation (metadata only), as kubectl annotate would. */
    void annotate(String md, String key, String value) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").putObject("annotations").put(key, value);
        client.resources(ModelDeployment.class).inNamespace(namespace).withName(md)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    /**
     * A metadata touch that makes the operator look again, as its own timers would once the test's clock has
     * moved on (the controller is not generation-aware, so an annotation triggers a reconcile).
     */
    void touch(String md) {
        annotate(md, "test.kiln.dev/tick", Integer.toString(touches++));
    }

    List<Job> jobs(String md) {
        return client.batch().v1().jobs().inNamespace(namespace).withLabel(KilnLabels.DEPLOYMENT, md).list().getItems();
    }

    Job awaitJob(String md, long generation) {
        return await().atMost(WAIT).until(() -> jobs(md).stream()
                .filter(j -> String.valueOf(generation).equals(j.getMetadata().getLabels().get(KilnLabels.GENERATION)))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    List<Deployment> deployments(String md) {
        return client.apps().deployments().inNamespace(namespace).withLabel(KilnLabels.DEPLOYMENT, md).list().getItems();
    }

    Deployment awaitDeployment(String name) {
        return await().atMost(WAIT).until(
                () -> client.apps().deployments().inNamespace(namespace).withName(name).get(), d -> d != null);
    }

    /** The Job's pod ends with the given termination message and exit code; then the Job's condition follows. */
    void finishJob(Job job, String terminationMessage, int exitCode) {
        var template = job.getSpec().getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(job.getMetadata().getName() + "-pod")
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        client.pods().resource(pod).create();
        pod = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus()
                    .withName(OptimizationJobReader.CONTAINER)
                    .withNewState().withNewTerminated()
                        .withExitCode(exitCode)
                        .withMessage(terminationMessage)
                        .withReason(exitCode == 0 ? "Completed" : "Error")
                    .endTerminated().endState()
                .endContainerStatus()
                .build());
        client.pods().resource(pod).updateStatus();

        Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).get();
        current.setStatus(exitCode == 0
                ? new JobStatusBuilder().withSucceeded(1)
                    .addToConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build()
                : new JobStatusBuilder().withFailed(1)
                    .addToConditions(new JobConditionBuilder().withType("Failed").withStatus("True")
                            .withReason("PodFailurePolicy").withMessage("Container optimize failed with exit code "
                                    + exitCode).build()).build());
        client.batch().v1().jobs().resource(current).updateStatus();
    }

    void markReady(Deployment deployment) {
        Deployment current = client.apps().deployments().inNamespace(namespace)
                .withName(deployment.getMetadata().getName()).get();
        int replicas = current.getSpec().getReplicas();
        current.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(current.getMetadata().getGeneration())
                .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .build());
        client.apps().deployments().resource(current).updateStatus();
    }
}
