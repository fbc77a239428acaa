package dev.kiln.operator.resources;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.plan.Decision.ServingRevision;
import dev.kiln.operator.resources.KilnLabels.Track;
import dev.kiln.operator.target.ServingTarget;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServingBuildersTest {

    static final ServingTarget CPU = ServingTarget.cpu("runtime:1");
    static final ServingRevision REVISION =
            new ServingRevision("abc123", Track.canary, "models/orientation/abc123/model.onnx", "f".repeat(64));

    @Test
    void deploymentServesTheRevisionsArtifactWithProbesAndTheUsersPodSettings() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().serving.threads = 2;
        md.getSpec().serving.maxBatch = 8;
        md.getSpec().serving.batchDelayMicros = 500;
        md.getSpec().serving.port = 9000;
        md.getSpec().serving.env.add(new EnvVar("LOG_LEVEL", "debug", null));
        md.getSpec().serving.nodeSelector = Map.of("pool", "inference");
        md.getSpec().serving.tolerations = List.of(new Toleration("NoSchedule", "dedicated", "Equal", null, "ml"));
        md.getSpec().serving.priorityClassName = "high";
        md.getSpec().serving.serviceAccountName = "inference";
        md.getSpec().serving.imagePullSecrets = List.of(new LocalObjectReference("pull"));

        Deployment deployment = ServingDeploymentBuilder.deployment(md, REVISION, CPU, Fixtures.config());

        assertThat(deployment.getMetadata().getName()).isEqualTo("orientation-abc123");
        assertThat(deployment.getMetadata().getLabels()).containsEntry(KilnLabels.TRACK, "canary")
                .containsEntry(KilnLabels.REVISION, "abc123").containsEntry(KilnLabels.DEPLOYMENT, "orientation");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .as("the track stays off the pods, so a promotion does not restart them")
                .doesNotContainKey(KilnLabels.TRACK).containsEntry(KilnLabels.REVISION, "abc123");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsOnly(Map.entry(KilnLabels.DEPLOYMENT, "orientation"), Map.entry(KilnLabels.REVISION, "abc123"));
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getController()).isTrue());

        var pod = deployment.getSpec().getTemplate().getSpec();
        Container server = pod.getContainers().get(0);
        assertThat(server.getArgs()).containsExactly("serve",
                "--model", "/kiln/artifacts/models/orientation/abc123/model.onnx",
                "--name", "text-orientation", "--port", "9000", "--ep", "cpu",
                "--threads", "2", "--max-batch", "8", "--batch-delay-micros", "500");
        assertThat(server.getEnv()).extracting(EnvVar::getName)
                .containsExactly("KILN_REVISION", "KILN_SHADOW_CONFIG_FILE", "LOG_LEVEL");
        assertThat(server.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9000));
        assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/ready");
        assertThat(server.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/v2/health/live");
        assertThat(server.getVolumeMounts()).filteredOn(m -> m.getName().equals("artifacts")).singleElement()
                .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("artifacts")).singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue());
        assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getNodeSelector()).containsEntry("pool", "inference");
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(pod.getPriorityClassName()).isEqualTo("high");
        assertThat(pod.getServiceAccountName()).isEqualTo("inference");
        assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("pull");
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry(ServingDeploymentBuilder.ARTIFACT_DIGEST, "f".repeat(64));
    }

    @Test
    void serviceRoutesToTheStableRevision() {
        ModelDeployment md = Fixtures.md("orientation");
        Service service = ServingServiceBuilder.service(md, "abc123");
        assertThat(service.getMetadata().getName()).isEqualTo("orientation");
        assertThat(service.getSpec().getSelector())
                .containsOnly(Map.entry(KilnLabels.DEPLOYMENT, "orientation"), Map.entry(KilnLabels.REVISION, "abc123"));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("orientation"));
    }

    @Test
    void appliedHashChangesWithTheDesiredObjectOnly() {
        ModelDeployment md = Fixtures.md("orientation");
        Deployment a = AppliedHash.stamp(ServingDeploymentBuilder.deployment(md, REVISION, CPU, Fixtures.config()));
        Deployment same = AppliedHash.stamp(ServingDeploymentBuilder.deployment(md, REVISION, CPU, Fixtures.config()));
        md.getSpec().serving.replicas = 5;
        Deployment scaled = AppliedHash.stamp(ServingDeploymentBuilder.deployment(md, REVISION, CPU, Fixtures.config()));
        assertThat(AppliedHash.matches(a, java.util.Optional.of(same))).isTrue();
        assertThat(AppliedHash.matches(scaled, java.util.Optional.of(a))).isFalse();
        assertThat(AppliedHash.matches(a, java.util.Optional.empty())).isFalse();
    }
}
