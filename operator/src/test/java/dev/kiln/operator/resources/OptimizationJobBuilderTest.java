package dev.kiln.operator.resources;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.target.ServingTarget;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OptimizationJobBuilderTest {

    static final ServingTarget CPU = ServingTarget.cpu("runtime:1");

    @Test
    void jobRunsTheOptimizerWithThePlanTheSourcesAndTheArtifactsVolume() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().serving.threads = 2;
        md.getSpec().optimization.deadlineSeconds = 900;

        Job job = OptimizationJobBuilder.job(md, "abc123", 4, CPU, Fixtures.config());

        assertThat(job.getMetadata().getName()).isEqualTo("orientation-opt-abc123-4");
        assertThat(job.getMetadata().getLabels()).containsEntry(KilnLabels.MANAGED_BY, "kiln")
                .containsEntry(KilnLabels.DEPLOYMENT, "orientation").containsEntry(KilnLabels.REVISION, "abc123")
                .containsEntry(KilnLabels.GENERATION, "4").containsEntry(KilnLabels.COMPONENT, "optimizer");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-orientation"));
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(900L);
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(job.getSpec().getPodFailurePolicy().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getAction()).isEqualTo("FailJob");
            assertThat(rule.getOnExitCodes().getValues()).containsExactly(2, 3, 4);
        });
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(KilnLabels.JOB, "orientation-opt-abc123-4");
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("runtime:1");
        assertThat(container.getArgs()).containsExactly("optimize",
                "--plan", "/kiln/plan/plan.json",
                "--model", "/kiln/sources/models/ppocr/cls.onnx",
                "--out", "/kiln/artifacts/models/orientation/abc123",
                "--termination-log", "/dev/termination-log",
                "--ep", "cpu",
                "--threads", "2");
        assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("2Gi"));

        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(java.util.stream.Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
        assertThat(mounts).containsEntry("/kiln/plan", "plan").containsEntry("/kiln/artifacts", "artifacts")
                .containsEntry("/kiln/sources/models", "source-0").containsEntry("/tmp", "tmp");
        Map<String, Volume> volumes = pod.getVolumes().stream()
                .collect(java.util.stream.Collectors.toMap(Volume::getName, v -> v));
        assertThat(volumes.get("plan").getConfigMap().getName()).isEqualTo("orientation-opt-abc123-4");
        assertThat(volumes.get("artifacts").getPersistentVolumeClaim().getClaimName()).isEqualTo("kiln-artifacts");
        assertThat(volumes.get("source-0").getPersistentVolumeClaim().getClaimName()).isEqualTo("models");
        assertThat(volumes.get("source-0").getPersistentVolumeClaim().getReadOnly()).isTrue();
    }

    @Test
    void specResourcesReplaceTheConfiguredDefaults() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().optimization.resources = new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("8Gi")).build();
        Job job = OptimizationJobBuilder.job(md, "abc123", 1, CPU, Fixtures.config());
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .containsOnlyKeys("memory");
    }

    @Test
    void aLongNameIsCutButTheRevisionAndGenerationStay() {
        ModelDeployment md = Fixtures.md("a".repeat(60));
        Job job = OptimizationJobBuilder.job(md, "abc123def0", 12, CPU, Fixtures.config());
        assertThat(job.getMetadata().getName()).hasSize(63).endsWith("-opt-abc123def0-12");
    }

    @Test
    void planConfigMapIsOwnedByItsJobAndHoldsThePlan() throws Exception {
        ModelDeployment md = Fixtures.md("orientation");
        Job job = OptimizationJobBuilder.job(md, "abc123", 1, CPU, Fixtures.config());
        job.getMetadata().setUid("job-uid");
        OptimizationPlan plan = OptimizationPlanBuilder.build(md.getSpec(), CPU);

        ConfigMap configMap = OptimizationJobBuilder.plan(md, job, plan);

        assertThat(configMap.getMetadata().getName()).isEqualTo(job.getMetadata().getName());
        assertThat(configMap.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Job");
            assertThat(owner.getUid()).isEqualTo("job-uid");
        });
        OptimizationPlan read = Contracts.mapper().readValue(configMap.getData().get("plan.json"), OptimizationPlan.class);
        assertThat(read).isEqualTo(plan);
    }
}
