package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.Phase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GitOps tools see no drift from Kiln: the example manifest of examples/gitops is applied as Argo CD or Flux
 * would apply it (raw, with their tracking label and annotation), driven through optimization to Healthy,
 * and its spec, labels, annotations and finalizers, read raw so that no Java default hides a written field,
 * are what was applied.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class OperatorNeverWritesSpecTest {

    static final Path EXAMPLE = Path.of(System.getProperty("kiln.crds.dir", "../crds"))
            .resolveSibling(Path.of("examples", "gitops", "model", "modeldeployment.yaml"));

    @Inject
    KubernetesClient client;

    FakeCluster cluster;
    String namespace;

    @BeforeEach
    void setUp() {
        namespace = client.getNamespace();
        cluster = new FakeCluster(client, namespace);
    }

    GenericKubernetesResource raw(String name) {
        return client.genericKubernetesResources(ModelDeployment.GROUP + "/" + ModelDeployment.VERSION,
                "ModelDeployment").inNamespace(namespace).withName(name).get();
    }

    @Test
    void reconcilesLeaveSpecLabelsAndAnnotationsAsApplied() throws IOException {
        GenericKubernetesResource manifest;
        try (InputStream in = Files.newInputStream(EXAMPLE)) {
            manifest = client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
        }
        manifest.getMetadata().setNamespace(namespace);
        manifest.getMetadata().setLabels(Map.of("app.kubernetes.io/instance", "ocr-cls"));
        manifest.getMetadata().setAnnotations(Map.of("argocd.argoproj.io/tracking-id",
                "ocr-cls:kiln.dev/ModelDeployment:" + namespace + "/ocr-cls"));
        GenericKubernetesResource applied = client.resource(manifest).create();
        String name = applied.getMetadata().getName();
        Object spec = applied.getAdditionalProperties().get("spec");

        Job job = cluster.awaitJob(name, applied.getMetadata().getGeneration());
        cluster.finishJob(job, FakeCluster.sampleSummary(), 0);
        await().atMost(FakeCluster.WAIT).until(() -> !cluster.deployments(name).isEmpty());
        Deployment deployment = cluster.deployments(name).get(0);
        cluster.markReady(deployment);
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md(name).getStatus() != null
                && cluster.md(name).getStatus().phase == Phase.Healthy);

        GenericKubernetesResource after = raw(name);
        assertThat(after.getAdditionalProperties().get("spec")).as("spec after reconciles").isEqualTo(spec);
        assertThat(after.getMetadata().getGeneration()).isEqualTo(applied.getMetadata().getGeneration());
        assertThat(after.getMetadata().getLabels()).isEqualTo(applied.getMetadata().getLabels());
        assertThat(after.getMetadata().getAnnotations()).isEqualTo(applied.getMetadata().getAnnotations());
        assertThat(after.getMetadata().getFinalizers()).isNullOrEmpty();
        assertThat(after.getAdditionalProperties().get("status")).as("the operator reports through status")
                .isNotNull();
    }
}
