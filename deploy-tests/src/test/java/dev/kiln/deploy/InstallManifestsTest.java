package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/ as kubectl apply -k would create it. */
class InstallManifestsTest {

    static Manifests install() {
        return Kustomization.build(Repo.path("deploy"));
    }

    @Test
    void installsTheOperatorButNotTheCrds() {
        Manifests install = install();
        assertThat(install.objects()).extracting(o -> o.path("kind").asText()).containsOnly("Namespace",
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap",
                "Deployment", "Service", "AcceleratorClass");
        assertThat(install.one("Namespace").path("metadata").path("labels")
                .path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");
        install.objects().stream()
                .filter(o -> !List.of("Namespace", "ClusterRole", "ClusterRoleBinding", "AcceleratorClass")
                        .contains(o.path("kind").asText()))
                .forEach(o -> assertThat(o.path("metadata").path("namespace").asText())
                        .as("%s namespace", o.path("metadata").path("name").asText()).isEqualTo("kiln-system"));
    }

    @Test
    void installsTheShippedAcceleratorClassesWithoutANamespace() throws Exception {
        List<JsonNode> classes = install().objects().stream()
                .filter(o -> o.path("kind").asText().equals("AcceleratorClass")).map(o -> (JsonNode) o).toList();

        assertThat(classes).extracting(o -> o.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("nvidia-gpu", "ascend-npu", "cpu");
        assertThat(classes).allSatisfy(o -> assertThat(o.path("metadata").has("namespace"))
                .as("a cluster-scoped AcceleratorClass must not be given a namespace").isFalse());
        for (String name : List.of("nvidia-gpu", "ascend-npu", "cpu")) {
            assertThat(java.nio.file.Files.readString(Repo.path("deploy/helm/kiln/accelerator-classes/" + name + ".yaml")))
                    .as("the Helm chart's copy of %s must equal examples/accelerator-classes/%s.yaml", name, name)
                    .isEqualTo(java.nio.file.Files.readString(Repo.path("examples/accelerator-classes/" + name + ".yaml")));
        }
    }

    @Test
    void everyFieldIsOneTheKubernetesApiKnows() {
        for (ObjectNode object : install().objects().stream().filter(UnknownFields::isBuiltIn).toList()) {
            assertThat(UnknownFields.of(object)).as("unknown fields of %s %s", object.path("kind").asText(),
                    object.path("metadata").path("name").asText()).isEmpty();
        }
    }

    @Test
    void unknownFieldsAreFound() {
        ObjectNode deployment = install().one("Deployment", "kiln-operator").deepCopy();
        ObjectNode container = (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
        container.set("readinessprobe", container.remove("readinessProbe"));
        assertThat(UnknownFields.of(deployment))
                .containsExactly("Deployment.spec.template.spec.containers[0].readinessprobe");
    }

    @Test
    void rbacHasNoWildcards() {
        assertThat(RbacPermissions.wildcards(install())).isEmpty();
    }

    @Test
    void everyBindingOfTheOperatorReferencesARoleDefinedHere() {
        var grants = RbacPermissions.of(install(), "kiln-operator", "kiln-system");
        assertThat(grants.undefinedRoles()).isEmpty();
        assertThat(grants.permissions()).isNotEmpty();
    }

    @Test
    void operatorPodMeetsTheRestrictedPodSecurityStandard() {
        JsonNode pod = install().one("Deployment", "kiln-operator").path("spec").path("template").path("spec");
        assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("kiln-operator");
    }

    @Test
    void probesUseTheOperatorHealthEndpointsAndResourcesAreBounded() {
        JsonNode container = install().one("Deployment", "kiln-operator")
                .path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
        assertThat(container.path("resources").path("requests").path("memory").asText()).isNotEmpty();
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    }

    @Test
    void operatorReadsItsConfigFromTheConfigMap() {
        Manifests install = install();
        ObjectNode config = install.one("ConfigMap", "kiln-operator-config");
        JsonNode container = install.one("Deployment", "kiln-operator")
                .path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("envFrom").get(0).path("configMapRef").path("name").asText())
                .isEqualTo("kiln-operator-config");
        Map<String, String> data = config.path("data").properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().asText()));
        assertThat(data).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES")
                .containsKeys("KILN_OPERATOR_RUNTIME_IMAGE", "KILN_OPERATOR_ARTIFACTS_PVC", "KILN_OPERATOR_LEADER_ELECTION_LEASE_NAME");
    }

    @Test
    void monitoringScrapesTheOperatorServiceAndTheInferencePods() {
        Manifests install = install();
        Manifests monitoring = Kustomization.build(Repo.path("deploy/monitoring"));
        ObjectNode service = install.one("Service", "kiln-operator-metrics");
        ObjectNode serviceMonitor = monitoring.one("ServiceMonitor");
        serviceMonitor.path("spec").path("selector").path("matchLabels").properties().forEach(label ->
                assertThat(service.path("metadata").path("labels").path(label.getKey()).asText())
                        .as("service label %s", label.getKey()).isEqualTo(label.getValue().asText()));
        assertThat(serviceMonitor.path("spec").path("endpoints").get(0).path("port").asText())
                .isEqualTo(service.path("spec").path("ports").get(0).path("name").asText());
        assertThat(serviceMonitor.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
        ObjectNode podMonitor = monitoring.one("PodMonitor");
        assertThat(podMonitor.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/managed-by")
                .asText()).isEqualTo("kiln");
        assertThat(podMonitor.path("spec").path("podMetricsEndpoints").get(0).path("path").asText())
                .isEqualTo(dev.kiln.contract.RuntimeContract.Paths.METRICS);
    }
}
