package dev.kiln.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchPlannerTest {

    private static final Path DATA = Path.of("/sandbox-data");
    private static final KilnRuntime RUNTIME = new KilnRuntime("kiln-runtime", List.of("java", "-jar", "/jars/runtime.jar"), DATA);
    private static final ConfigMap PLAN = new ConfigMapBuilder().withNewMetadata().withName("plan-cm").endMetadata()
            .withData(Map.of("plan.json", "{\"a\":1, \"validation\": \"/kiln/sources/models/val\", \"tmp\": \"/tmp\"}")).build();

    @Test
    void optimizeJobPodMapsMountsPlanAndTerminationLog() {
        LaunchPlan plan = plan(optimizePod("cpu"));

        assertThat(plan.command()).containsExactly("java", "-jar", "/jars/runtime.jar", "optimize",
                "--plan", "/sandbox-data/pods/ns1/job-0/volumes/plan/plan.json",
                "--model", "/sandbox-data/pvc/ns1/models/m/model.onnx",
                "--out", "/sandbox-data/pvc/ns1/kiln-artifacts/ns1/md/rev1",
                "--termination-log", "/sandbox-data/pods/ns1/job-0/termination-log",
                "--ep", "cpu");
        assertThat(plan.files()).containsKey(Path.of("/sandbox-data/pods/ns1/job-0/volumes/plan/plan.json"));
        assertThat(new String(plan.files().get(Path.of("/sandbox-data/pods/ns1/job-0/volumes/plan/plan.json")),
                StandardCharsets.UTF_8)).isEqualTo("{\"a\":1, \"validation\": \"/sandbox-data/pvc/ns1/models/val\", "
                + "\"tmp\": \"/sandbox-data/pods/ns1/job-0/volumes/tmp\"}");
        assertThat(plan.folders()).contains(Path.of("/sandbox-data/pvc/ns1/kiln-artifacts"),
                Path.of("/sandbox-data/pods/ns1/job-0/volumes/tmp"));
        assertThat(plan.terminationLog()).isEqualTo(Path.of("/sandbox-data/pods/ns1/job-0/termination-log"));
        assertThat(plan.env()).containsEntry("QUARKUS_HTTP_HOST", "127.1.0.7").containsEntry("TMPDIR",
                "/sandbox-data/pods/ns1/job-0/volumes/tmp");
        assertThat(plan.requestedEp()).isNull();
        assertThat(plan.readiness()).isNull();
    }

    @Test
    void acceleratorProviderIsReplacedWithCpuAndRecorded() {
        LaunchPlan plan = plan(optimizePod("cuda"));
        assertThat(plan.command()).endsWith("--ep", "cpu");
        assertThat(plan.requestedEp()).isEqualTo("cuda");
    }

    @Test
    void readinessProbeUsesThePodIpAndTheNamedPort() {
        Pod pod = new PodBuilder(optimizePod("cpu")).editSpec().editFirstContainer()
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/v2/health/ready").withPort(new IntOrString("http"))
                .endHttpGet().endReadinessProbe().endContainer().endSpec().build();
        assertThat(plan(pod).readiness()).hasToString("http://127.1.0.7:8080/v2/health/ready");
    }

    @Test
    void missingConfigMapNamesTheVolumeAndTheFix() {
        assertThatThrownBy(() -> LaunchPlanner.plan(optimizePod("cpu"), RUNTIME, n -> Optional.empty(),
                n -> Optional.<Secret>empty()))
                .isInstanceOf(LaunchException.class).hasMessageContaining("volume plan")
                .hasMessageContaining("ConfigMap ns1/plan-cm not found");
    }

    @Test
    void unsupportedVolumeKindIsRefusedWithTheKindsThatWork() {
        Pod pod = new PodBuilder(optimizePod("cpu")).editSpec().addNewVolume().withName("host").withNewHostPath()
                .withPath("/etc").endHostPath().endVolume().endSpec().build();
        assertThatThrownBy(() -> plan(pod)).isInstanceOf(LaunchException.class)
                .hasMessageContaining("volume host").hasMessageContaining("emptyDir");
    }

    @Test
    void onlySingleContainerPodsOfTheRuntimeImageRunForReal() {
        Pod runtimePod = optimizePod("cpu");
        Pod other = new PodBuilder(runtimePod).editSpec().editFirstContainer().withImage("nginx:1").endContainer().endSpec().build();
        Pod twoContainers = new PodBuilder(runtimePod).editSpec().addNewContainer().withName("side")
                .withImage("kiln-runtime:0.1.0").endContainer().endSpec().build();
        Pod cudaVariant = new PodBuilder(runtimePod).editSpec().editFirstContainer().withImage("kiln-runtime:0.1.0-cuda")
                .endContainer().endSpec().build();
        assertThat(RUNTIME.runs(runtimePod)).isTrue();
        assertThat(RUNTIME.runs(cudaVariant)).isTrue();
        assertThat(RUNTIME.runs(other)).isFalse();
        assertThat(RUNTIME.runs(twoContainers)).isFalse();
    }

    @Test
    void repositoryDropsTagAndDigestButKeepsARegistryPort() {
        assertThat(KilnRuntime.repository("kiln-runtime:0.1.0-cuda")).isEqualTo("kiln-runtime");
        assertThat(KilnRuntime.repository("registry:5000/kiln/kiln-runtime:1@sha256:ab")).isEqualTo("registry:5000/kiln/kiln-runtime");
        assertThat(KilnRuntime.repository("registry:5000/kiln-runtime")).isEqualTo("registry:5000/kiln-runtime");
    }

    @Test
    void pathMappingKeepsUnrelatedValuesAndRewritesOptionValues() {
        Map<String, Path> mounts = Map.of("/kiln/artifacts", Path.of("/d/pvc"));
        assertThat(LaunchPlanner.mapPath("/kiln/artifacts/a/b.onnx", mounts)).isEqualTo("/d/pvc/a/b.onnx");
        assertThat(LaunchPlanner.mapPath("--model=/kiln/artifacts/x", mounts)).isEqualTo("--model=/d/pvc/x");
        assertThat(LaunchPlanner.mapPath("/kiln/artifactsX", mounts)).isEqualTo("/kiln/artifactsX");
        assertThat(LaunchPlanner.mapPath("image-classifier", mounts)).isEqualTo("image-classifier");
    }

    @Test
    void pathsInTextAreRewrittenOnceLongestMountFirst() {
        Map<String, Path> mounts = Map.of("/tmp", Path.of("/tmp/data/pods/p/tmp"), "/kiln/artifacts", Path.of("/tmp/data/pvc"));
        assertThat(LaunchPlanner.mapPathsInText("{\"out\": \"/kiln/artifacts/a\", \"t\": \"/tmp\", \"x\": \"/kiln/artifactsX\"}",
                mounts)).isEqualTo("{\"out\": \"/tmp/data/pvc/a\", \"t\": \"/tmp/data/pods/p/tmp\", \"x\": \"/kiln/artifactsX\"}");
    }

    private static LaunchPlan plan(Pod pod) {
        return LaunchPlanner.plan(pod, RUNTIME, n -> n.equals("plan-cm") ? Optional.of(PLAN) : Optional.empty(),
                n -> Optional.empty());
    }

    private static Pod optimizePod(String ep) {
        return new PodBuilder()
                .withNewMetadata().withName("job-0").withNamespace("ns1").withUid("u1").endMetadata()
                .withNewSpec().withNodeName("cpu-1").withRestartPolicy("Never")
                    .addNewContainer().withName("optimize").withImage("kiln-runtime:0.1.0")
                        .withArgs(List.of("optimize", "--plan", "/kiln/plan/plan.json",
                                "--model", "/kiln/sources/models/m/model.onnx",
                                "--out", "/kiln/artifacts/ns1/md/rev1", "--termination-log", "/dev/termination-log",
                                "--ep", ep))
                        .withTerminationMessagePath("/dev/termination-log")
                        .addNewEnv().withName("TMPDIR").withValue("/tmp").endEnv()
                        .addNewVolumeMount().withName("plan").withMountPath("/kiln/plan").withReadOnly(true).endVolumeMount()
                        .addNewVolumeMount().withName("artifacts").withMountPath("/kiln/artifacts").endVolumeMount()
                        .addNewVolumeMount().withName("source-0").withMountPath("/kiln/sources/models").endVolumeMount()
                        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("plan").withNewConfigMap().withName("plan-cm").endConfigMap().endVolume()
                    .addNewVolume().withName("artifacts").withNewPersistentVolumeClaim().withClaimName("kiln-artifacts")
                        .endPersistentVolumeClaim().endVolume()
                    .addNewVolume().withName("source-0").withNewPersistentVolumeClaim().withClaimName("models")
                        .endPersistentVolumeClaim().endVolume()
                    .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .withNewStatus().withPodIP("127.1.0.7").endStatus()
                .build();
    }
}
