package dev.kiln.operator.resources;

import dev.kiln.contract.RuntimeContract;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ServingSpec;
import dev.kiln.operator.config.KilnConfig;
import dev.kiln.operator.placement.PodPlacement;
import dev.kiln.operator.plan.Decision.ServingRevision;
import dev.kiln.operator.target.ServingTarget;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inference Deployment of one revision. Its pods carry the deployment and revision labels (the Service
 * selects by revision); the track label sits on the Deployment only, so that promoting a revision to stable
 * relabels the Deployment without restarting its pods.
 */
public final class ServingDeploymentBuilder {

    public static final String CONTAINER = "server";
    public static final String PORT_NAME = "http";
    public static final String ARTIFACT_DIGEST = "kiln.dev/artifact-sha256";
    /** The served artifact on the artifacts volume, so a revision that serves can be recognised without its Job. */
    public static final String ARTIFACT_PATH = "kiln.dev/artifact-path";

    private ServingDeploymentBuilder() {
    }

    public static Deployment deployment(ModelDeployment md, ServingRevision revision, ServingTarget target,
                                        KilnConfig config) {
        return deployment(md, revision, target, config, true);
    }

    /**
     * @param shadowConfig mount the live shadow settings ({@link ShadowConfigBuilder}); false only for a Deployment
     *                     that exists without them, so that this operator version does not restart its pods
     */
    public static Deployment deployment(ModelDeployment md, ServingRevision revision, ServingTarget target,
                                        KilnConfig config, boolean shadowConfig) {
        ServingSpec serving = md.getSpec().serving == null ? new ServingSpec() : md.getSpec().serving;
        int port = serving.port == null ? 8080 : serving.port;
        Map<String, String> podLabels = KilnLabels.forRevision(md, revision.revision());
        podLabels.put(KilnLabels.COMPONENT, KilnLabels.SERVER);
        Map<String, String> labels = new LinkedHashMap<>(podLabels);
        labels.put(KilnLabels.TRACK, revision.track().name());
        labels.put(KilnLabels.ACCELERATOR, target.accelerator());
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(KilnLabels.DEPLOYMENT, md.getMetadata().getName());
        selector.put(KilnLabels.REVISION, revision.revision());

        List<String> args = new ArrayList<>(List.of(RuntimeContract.SERVE,
                "--model", ArtifactLayout.mounted(revision.modelFile()),
                "--name", md.getSpec().model.name,
                "--port", Integer.toString(port),
                "--ep", target.executionProvider()));
        addOption(args, "--threads", serving.threads);
        addOption(args, "--max-batch", serving.maxBatch);
        addOption(args, "--batch-delay-micros", serving.batchDelayMicros);

        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName(RuntimeContract.Env.REVISION).withValue(revision.revision()).build());
        if (shadowConfig) {
            env.add(ShadowConfigBuilder.env());
        }
        if (serving.env != null) {
            env.addAll(serving.env);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ARTIFACT_PATH, revision.modelFile());
        if (revision.digest() != null) {
            annotations.put(ARTIFACT_DIGEST, revision.digest());
        }

        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata()
                    .withName(ResourceNames.deployment(md, revision.revision()))
                    .withNamespace(md.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(Owners.controlledBy(md))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(revision.replicas() != null ? revision.replicas()
                            : serving.replicas == null ? 1 : serving.replicas)
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(podLabels).withAnnotations(annotations).endMetadata()
                        .withNewSpec()
                            .withAutomountServiceAccountToken(false)
                            .withSecurityContext(RestrictedSecurity.pod(config.runAsUser()))
                            .withContainers(new ContainerBuilder()
                                    .withName(CONTAINER)
                                    .withImage(target.image())
                                    .withImagePullPolicy(config.imagePullPolicy())
                                    .withArgs(args)
                                    .withEnv(env)
                                    .addNewPort().withName(PORT_NAME).withContainerPort(port).withProtocol("TCP").endPort()
                                    .withReadinessProbe(probe(RuntimeContract.Paths.READY, 2, 5, 3))
                                    .withLivenessProbe(probe(RuntimeContract.Paths.LIVE, 10, 10, 3))
                                    .withResources(serving.resources)
                                    .addNewVolumeMount().withName("artifacts").withMountPath(ArtifactLayout.MOUNT)
                                        .withReadOnly(true).endVolumeMount()
                                    .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                                    .withSecurityContext(RestrictedSecurity.container())
                                    .build())
                            .addNewVolume().withName("artifacts")
                                .withNewPersistentVolumeClaim().withClaimName(config.artifactsPvc()).withReadOnly(true)
                                .endPersistentVolumeClaim().endVolume()
                            .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                            .withNodeSelector(serving.nodeSelector)
                            .withTolerations(serving.tolerations)
                            .withAffinity(serving.affinity)
                            .withPriorityClassName(serving.priorityClassName)
                            .withImagePullSecrets(serving.imagePullSecrets)
                            .withServiceAccountName(serving.serviceAccountName)
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
        var template = deployment.getSpec().getTemplate();
        template.setSpec(PodPlacement.apply(template.getSpec(), CONTAINER, target.profile(), target.image(),
                ResourceNames.deviceClaims(md, target.accelerator())));
        if (shadowConfig) {
            template.getSpec().getContainers().stream().filter(c -> CONTAINER.equals(c.getName())).findFirst()
                    .orElseThrow().getVolumeMounts().add(ShadowConfigBuilder.mount());
            template.getSpec().getVolumes().add(ShadowConfigBuilder.volume(md));
        }
        return deployment;
    }

    private static void addOption(List<String> args, String option, Integer value) {
        if (value != null) {
            args.add(option);
            args.add(value.toString());
        }
    }

    private static Probe probe(String path, int initialDelay, int period, int failures) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withInitialDelaySeconds(initialDelay)
                .withPeriodSeconds(period)
                .withFailureThreshold(failures)
                .build();
    }
}
