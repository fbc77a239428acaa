package dev.kiln.operator;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentSpec;
import dev.kiln.operator.api.ModelSource;
import dev.kiln.operator.api.OptimizationPass;
import dev.kiln.operator.config.KilnConfig;
import dev.kiln.operator.plan.OptimizationJobReader;
import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.util.List;

/** Objects for the unit tests: a ModelDeployment, and Jobs, pods and Deployments as the API would show them. */
public final class Fixtures {

    public static final String NAMESPACE = "models";

    private Fixtures() {
    }

    /** The operator configuration with its defaults, as SmallRye Config builds it. */
    public static KilnConfig config() {
        return new SmallRyeConfigBuilder().withMapping(KilnConfig.class).build().getConfigMapping(KilnConfig.class);
    }

    public static ModelDeployment md(String name) {
        ModelDeployment md = new ModelDeployment();
        md.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withUid("uid-" + name)
                .withGeneration(1L).build());
        ModelDeploymentSpec spec = new ModelDeploymentSpec();
        spec.model = new ModelSource();
        spec.model.uri = "pvc://models/ppocr/cls.onnx";
        spec.model.name = "text-orientation";
        spec.optimization.passes = List.of(OptimizationPass.GRAPH);
        spec.serving.replicas = 2;
        md.setSpec(spec);
        return md;
    }

    public static String sampleSummary() {
        return Contracts.sample("optimization-summary-v1.json", OptimizationSummary.class).toTerminationMessage();
    }

    public static Job job(String md, String revision, long generation, String condition) {
        JobBuilder builder = new JobBuilder()
                .withNewMetadata()
                    .withName(md + "-opt-" + revision + "-" + generation)
                    .withNamespace(NAMESPACE)
                    .addToLabels(KilnLabels.MANAGED_BY, KilnLabels.KILN)
                    .addToLabels(KilnLabels.DEPLOYMENT, md)
                    .addToLabels(KilnLabels.REVISION, revision)
                    .addToLabels(KilnLabels.GENERATION, Long.toString(generation))
                .endMetadata()
                .withNewSpec().endSpec();
        if (condition != null) {
            builder.withNewStatus()
                    .addToConditions(new JobConditionBuilder().withType(condition).withStatus("True")
                            .withReason(condition.equals("Failed") ? "BackoffLimitExceeded" : null)
                            .withMessage(condition.equals("Failed") ? "Job has reached the specified backoff limit" : null)
                            .build())
                    .endStatus();
        }
        return builder.build();
    }

    public static Pod pod(Job job, String terminationMessage, int exitCode) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(job.getMetadata().getName() + "-x")
                    .withNamespace(NAMESPACE)
                    .withCreationTimestamp("2026-11-29T06:00:00Z")
                    .addToLabels(KilnLabels.JOB, job.getMetadata().getName())
                .endMetadata()
                .withNewStatus()
                    .addNewContainerStatus()
                        .withName(OptimizationJobReader.CONTAINER)
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(terminationMessage)
                        .endTerminated().endState()
                    .endContainerStatus()
                .endStatus()
                .build();
    }

    public static Deployment deployment(String md, String revision, int replicas, int ready) {
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(md + "-" + revision)
                    .withNamespace(NAMESPACE)
                    .addToLabels(KilnLabels.MANAGED_BY, KilnLabels.KILN)
                    .addToLabels(KilnLabels.DEPLOYMENT, md)
                    .addToLabels(KilnLabels.REVISION, revision)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).endStatus()
                .build();
    }

    /**
     * Kiln's HTTPRoute for ModelDeployment {@code md} at generation 4 carrying the canary weight, with one parent
     * whose Accepted condition has the given status (null: no gateway answered) and observedGeneration.
     */
    public static io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute route(String md, int canaryWeight,
                                                                                String accepted, Long observedGeneration) {
        var builder = new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder()
                .withNewMetadata().withName(md).withNamespace(NAMESPACE).withGeneration(4L).endMetadata()
                .withNewSpec()
                    .addNewParentRef().withName("gw").endParentRef()
                    .addNewRule()
                        .addNewBackendRef().withName(md + "-stable").withWeight(100 - canaryWeight).endBackendRef()
                        .addNewBackendRef().withName(md + "-canary").withWeight(canaryWeight).endBackendRef()
                    .endRule()
                .endSpec();
        if (accepted != null) {
            builder.withNewStatus().addToParents(new io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder()
                    .addToConditions(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("Accepted")
                            .withStatus(accepted).withObservedGeneration(observedGeneration).build())
                    .build()).endStatus();
        }
        return builder.build();
    }
}
