package dev.kiln.deploy;

import com.marcnuri.helm.Helm;

import java.nio.file.Path;
import java.util.Map;

/** Renders deploy/helm/kiln with the Helm engine itself (helm-java runs Helm's Go library in-process). */
final class HelmChart {

    static final String RELEASE = "kiln";
    static final String NAMESPACE = "kiln-system";

    private HelmChart() {
    }

    static Path dir() {
        return Repo.path("deploy/helm/kiln");
    }

    static Manifests render(Map<String, Object> values) {
        var template = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return Manifests.parse(template.call(), "helm template " + dir() + " " + values);
    }
}
