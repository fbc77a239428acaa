package dev.kiln.operator.resources;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.contract.Outcome;
import dev.kiln.contract.RuntimeContract;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentSpec;
import dev.kiln.operator.config.KilnConfig;
import dev.kiln.operator.placement.PodPlacement;
import dev.kiln.operator.plan.OptimizationJobReader;
import dev.kiln.operator.target.ServingTarget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The optimization Job of one revision attempt, and the ConfigMap that carries its plan. */
public final class OptimizationJobBuilder {

    public static final String PLAN_DIR = "/kiln/plan";
    public static final String PLAN_KEY = "plan.json";
    public static final String TERMINATION_LOG = "/dev/termination-log";

    private OptimizationJobBuilder() {
    }

    public static Job job(ModelDeployment md, String revision, long generation, ServingTarget target,
                          KilnConfig config) {
        ModelDeploymentSpec spec = md.getSpec();
        String name = ResourceNames.optimizationJob(md, revision, generation);
        Map<String, String> labels = KilnLabels.forRevision(md, revision);
        labels.put(KilnLabels.COMPONENT, KilnLabels.OPTIMIZER);
        labels.put(KilnLabels.GENERATION, Long.toString(generation));
        labels.put(KilnLabels.ACCELERATOR, target.accelerator());
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put(KilnLabels.JOB, name);

        List<String> args = new ArrayList<>(List.of(RuntimeContract.OPTIMIZE,
                "--plan", PLAN_DIR + "/" + PLAN_KEY,
                "--model", OptimizationPlanBuilder.local(spec.model.uri),
                "--out", ArtifactLayout.mounted(ArtifactLayout.revisionDir(md, revision)),
                "--termination-log", TERMINATION_LOG,
                "--ep", target.optimization().executionProvider()));
        if (spec.serving != null && spec.serving.threads != null) {
            args.add("--threads");
            args.add(spec.serving.threads.toString());
        }

        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("plan")
                .withNewConfigMap().withName(ResourceNames.plan(name)).endConfigMap().build());
        mounts.add(new VolumeMountBuilder().withName("plan").withMountPath(PLAN_DIR).withReadOnly(true).build());
        volumes.add(new VolumeBuilder().withName("artifacts")
                .withNewPersistentVolumeClaim().withClaimName(config.artifactsPvc()).endPersistentVolumeClaim().build());
        mounts.add(new VolumeMountBuilder().withName("artifacts").withMountPath(ArtifactLayout.MOUNT).build());
        int index = 0;
        for (String claim : OptimizationPlanBuilder.sourceClaims(spec)) {
            String volume = "source-" + index++;
            volumes.add(new VolumeBuilder().withName(volume)
                    .withNewPersistentVolumeClaim().withClaimName(claim).withReadOnly(true).endPersistentVolumeClaim()
                    .build());
            mounts.add(new VolumeMountBuilder().withName(volume)
                    .withMountPath(OptimizationPlanBuilder.SOURCES_MOUNT + "/" + claim).withReadOnly(true).build());
        }
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());

        Job job = new JobBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(md.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(Owners.controlledBy(md))
                .endMetadata()
                .withNewSpec()
                    .withBackoffLimit(config.job().backoffLimit())
                    .withActiveDeadlineSeconds(spec.optimization == null || spec.optimization.deadlineSeconds == null
                            ? 3600L : spec.optimization.deadlineSeconds.longValue())
                    .withTtlSecondsAfterFinished(config.job().ttlSecondsAfterFinished())
                    // Invalid input, a missing model and missed goals fail the same way on every retry.
                    .withNewPodFailurePolicy()
                        .addNewRule()
                            .withAction("FailJob")
                            .withNewOnExitCodes()
                                .withContainerName(OptimizationJobReader.CONTAINER)
                                .withOperator("In")
                                .withValues(Outcome.InvalidInput.exitCode(), Outcome.ModelUnavailable.exitCode(),
                                        Outcome.GoalsNotMet.exitCode())
                            .endOnExitCodes()
                        .endRule()
                    .endPodFailurePolicy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(podLabels).endMetadata()
                        .withNewSpec()
                            .withRestartPolicy("Never")
                            .withAutomountServiceAccountToken(false)
                            .withSecurityContext(RestrictedSecurity.pod(config.runAsUser()))
                            .withContainers(new ContainerBuilder()
                                    .withName(OptimizationJobReader.CONTAINER)
                                    .withImage(target.jobImage())
                                    .withImagePullPolicy(config.imagePullPolicy())
                                    .withArgs(args)
                                    .withResources(resources(spec, config))
                                    .withVolumeMounts(mounts)
                                    .withTerminationMessagePath(TERMINATION_LOG)
                                    // A crash before the summary is written still leaves the log's tail.
                                    .withTerminationMessagePolicy("FallbackToLogsOnError")
                                    .withSecurityContext(RestrictedSecurity.container())
                                    .build())
                            .withVolumes(volumes)
                            .withImagePullSecrets(spec.serving == null ? List.of() : spec.serving.imagePullSecrets)
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
        // Measuring on the class: the Job's pod lands where the inference pods will, with the same device.
        target.optimization().jobPlacement().ifPresent(profile -> {
            var template = job.getSpec().getTemplate();
            template.setSpec(PodPlacement.apply(template.getSpec(), OptimizationJobReader.CONTAINER, profile,
                    target.jobImage(), ResourceNames.deviceClaims(md, profile.name())));
        });
        return job;
    }

    /**
     * The plan the Job reads. Owned by its Job, not by the ModelDeployment, so that it goes when the finished
     * Job is cleaned up (ttlSecondsAfterFinished); the Job itself is owned by the ModelDeployment.
     */
    public static ConfigMap plan(ModelDeployment md, Job job, OptimizationPlan plan) {
        String json;
        try {
            json = Contracts.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(ResourceNames.plan(job.getMetadata().getName()))
                    .withNamespace(md.getMetadata().getNamespace())
                    .withLabels(job.getMetadata().getLabels())
                    .withOwnerReferences(Owners.controlledBy(job))
                .endMetadata()
                .withData(Map.of(PLAN_KEY, json))
                .build();
    }

    private static ResourceRequirements resources(ModelDeploymentSpec spec, KilnConfig config) {
        if (spec.optimization != null && spec.optimization.resources != null) {
            return spec.optimization.resources;
        }
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(config.job().cpu()))
                .addToRequests("memory", new Quantity(config.job().memory()))
                .addToLimits("memory", new Quantity(config.job().memory()))
                .build();
    }
}
