package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/gitops points at folders that exist, and every ModelDeployment the examples and the Argo CD
 * testdata hold is valid against the committed CRD.
 */
class GitOpsExamplesTest {

    static final CrdSchema MODEL_DEPLOYMENT = CrdSchema.of(Repo.path("crds/modeldeployments.kiln.dev-v1.yml"),
            "v1alpha1");

    @Test
    void argoCdApplicationsPointAtFoldersOfThisRepository() {
        List<ObjectNode> apps = Manifests.read(Repo.path("examples/gitops/argocd/kiln.yaml")).ofKind("Application");
        assertThat(apps).extracting(a -> a.path("spec").path("source").path("path").asText())
                .containsExactly("crds", "deploy", "examples/gitops/model");
        apps.forEach(a -> assertThat(Repo.path(a.path("spec").path("source").path("path").asText())).isDirectory());
    }

    @Test
    void fluxKustomizationsPointAtFoldersOfThisRepositoryAndWaitForTheModel() {
        Manifests flux = Manifests.read(Repo.path("examples/gitops/flux/kiln.yaml"));
        List<ObjectNode> kustomizations = flux.ofKind("Kustomization");
        assertThat(kustomizations).extracting(k -> k.path("spec").path("path").asText())
                .containsExactly("./crds", "./deploy", "./examples/gitops/model");
        kustomizations.forEach(k -> assertThat(Repo.path(k.path("spec").path("path").asText())).isDirectory());
        JsonNode healthCheck = flux.one("Kustomization", "ocr-cls").path("spec").path("healthChecks").get(0);
        ObjectNode model = Kustomization.build(Repo.path("examples/gitops/model")).one("ModelDeployment");
        assertThat(healthCheck.path("name").asText()).isEqualTo(model.path("metadata").path("name").asText());
        assertThat(healthCheck.path("namespace").asText()).isEqualTo(model.path("metadata").path("namespace").asText());
    }

    @Test
    void exampleModelDeploymentsAreValidAgainstTheCrd() throws IOException {
        List<ObjectNode> models = new ArrayList<>(Kustomization.build(Repo.path("examples/gitops/model"))
                .ofKind("ModelDeployment"));
        try (Stream<Path> files = Files.list(Repo.path("deploy/argocd/testdata"))) {
            files.sorted().forEach(f -> models.addAll(Manifests.read(f).ofKind("ModelDeployment")));
        }
        assertThat(models).hasSizeGreaterThan(1);
        for (ObjectNode model : models) {
            assertThat(MODEL_DEPLOYMENT.violations(model)).as("%s", model).isEmpty();
        }
    }

    @Test
    void theSchemaCheckRejectsAnInvalidSpec() {
        ObjectNode model = Kustomization.build(Repo.path("examples/gitops/model")).one("ModelDeployment").deepCopy();
        ((ObjectNode) model.path("spec").path("model")).put("uri", "s3://bucket/model.onnx");
        ((ObjectNode) model.path("spec").path("serving")).put("replicas", -1);
        assertThat(MODEL_DEPLOYMENT.violations(model)).hasSize(2);
    }
}
