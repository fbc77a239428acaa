package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does for the subset deploy/ uses: resources
 * (files or folders with their own kustomization) and namespace. No kustomize runs in the build, so any
 * other field is refused rather than ignored; extend this class when deploy/ needs one.
 */
final class Kustomization {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "namespace", "resources");
    /** Like kustomize, which knows the built-in cluster-scoped kinds only: a CRD kind gets the namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition");

    private Kustomization() {
    }

    static Manifests build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        JsonNode k = Manifests.read(file).one("Kustomization");
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(file + ": field '" + field + "' is not supported by the test "
                        + "renderer (supported: " + SUPPORTED + "); extend dev.kiln.deploy.Kustomization");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(build(path).objects());
            } else if (Files.isRegularFile(path)) {
                objects.addAll(Manifests.read(path).objects());
            } else {
                throw new IllegalArgumentException(file + ": resource " + resource.asText() + " does not exist");
            }
        }
        String namespace = k.path("namespace").asText(null);
        if (namespace != null) {
            objects.forEach(o -> setNamespace(o, namespace));
        }
        return new Manifests(List.copyOf(objects));
    }

    /** Like kustomize: namespaced objects and ServiceAccount subjects of bindings move to the namespace. */
    private static void setNamespace(ObjectNode object, String namespace) {
        String kind = object.path("kind").asText();
        if (!CLUSTER_SCOPED.contains(kind)) {
            ((ObjectNode) object.with("metadata")).put("namespace", namespace);
        }
        if (kind.endsWith("Binding")) {
            for (JsonNode subject : object.path("subjects")) {
                if ("ServiceAccount".equals(subject.path("kind").asText())) {
                    ((ObjectNode) subject).put("namespace", namespace);
                }
            }
        }
    }
}
