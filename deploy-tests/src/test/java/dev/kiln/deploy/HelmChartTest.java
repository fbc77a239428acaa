package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart renders the same install as deploy/: same permissions, same security context, same
 * probes and config; and its values for watched namespaces, leader election and metrics do what they say.
 */
class HelmChartTest {

    static final String ACCOUNT = "kiln-operator";
    /**
     * What the operator reads cluster-wide whatever namespaces it watches: cluster-scoped kinds, and pods,
     * because every pod on a node counts against the node's free accelerator capacity.
     */
    static final Set<String> CLUSTER_SCOPED_RESOURCES = Set.of("nodes", "acceleratorclasses",
            "customresourcedefinitions", "pods");

    static JsonNode podSpec(Manifests manifests) {
        return manifests.one("Deployment", "kiln-operator").path("spec").path("template").path("spec");
    }

    static JsonNode container(Manifests manifests) {
        return podSpec(manifests).path("containers").get(0);
    }

    @Test
    void chartPassesHelmLint() {
        var lint = new Helm(HelmChart.dir()).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultRenderHasTheObjectsOfDeployButTheNamespace() {
        java.util.function.Function<Manifests, Set<String>> ids = m -> m.objects().stream()
                .map(o -> o.path("kind").asText() + " " + o.path("metadata").path("namespace").asText() + "/"
                        + o.path("metadata").path("name").asText())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        Manifests chart = HelmChart.render(Map.of("watchNamespaces[0]", "team-a"));
        chart.objects().stream().filter(UnknownFields::isBuiltIn).forEach(o -> assertThat(UnknownFields.of(o)).as("unknown fields of %s", o).isEmpty());
        Set<String> expected = ids.apply(InstallManifestsTest.install());
        expected.remove("Namespace /kiln-system");
        assertThat(ids.apply(HelmChart.render(Map.of()))).isEqualTo(expected);
    }

    @Test
    void defaultRenderGrantsExactlyWhatDeployGrants() {
        Manifests chart = HelmChart.render(Map.of());
        Manifests kustomize = InstallManifestsTest.install();
        assertThat(RbacPermissions.wildcards(chart)).isEmpty();
        var fromChart = RbacPermissions.of(chart, ACCOUNT, HelmChart.NAMESPACE);
        var fromKustomize = RbacPermissions.of(kustomize, ACCOUNT, "kiln-system");
        assertThat(fromChart.undefinedRoles()).isEmpty();
        assertThat(Sets.difference(fromChart.permissions(), fromKustomize.permissions()))
                .as("granted by the chart but not by deploy/").isEmpty();
        assertThat(Sets.difference(fromKustomize.permissions(), fromChart.permissions()))
                .as("granted by deploy/ but not by the chart").isEmpty();
    }

    @Test
    void defaultRenderHasTheSameSecurityContextProbesAndConfig() {
        Manifests chart = HelmChart.render(Map.of());
        Manifests kustomize = InstallManifestsTest.install();
        assertThat(RestrictedPodSecurity.violations(podSpec(chart))).isEmpty();
        assertThat(podSpec(chart).path("securityContext")).isEqualTo(podSpec(kustomize).path("securityContext"));
        assertThat(podSpec(chart).path("volumes")).isEqualTo(podSpec(kustomize).path("volumes"));
        for (String field : Set.of("securityContext", "startupProbe", "livenessProbe", "readinessProbe", "ports",
                "resources", "env", "envFrom", "volumeMounts", "image")) {
            assertThat(container(chart).path(field)).as(field).isEqualTo(container(kustomize).path(field));
        }
        assertThat(chart.one("ConfigMap", "kiln-operator-config").path("data"))
                .isEqualTo(kustomize.one("ConfigMap", "kiln-operator-config").path("data"));
    }

    @Test
    void watchedNamespacesBindNamespacedPermissionsOnlyThere() {
        Manifests chart = HelmChart.render(Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b"));
        Set<Permission> all = RbacPermissions.of(chart, ACCOUNT, HelmChart.NAMESPACE).permissions();
        Set<Permission> cluster = all.stream().filter(p -> p.scope().equals(Permission.CLUSTER))
                .collect(Collectors.toSet());
        assertThat(cluster).isNotEmpty().extracting(Permission::resource).allMatch(CLUSTER_SCOPED_RESOURCES::contains);

        Set<Permission> allNamespaces = RbacPermissions.of(HelmChart.render(Map.of()), ACCOUNT, HelmChart.NAMESPACE)
                .permissions().stream()
                .filter(p -> p.scope().equals(Permission.CLUSTER) && !CLUSTER_SCOPED_RESOURCES.contains(p.resource()))
                .collect(Collectors.toSet());
        for (String namespace : Set.of("team-a", "team-b")) {
            Set<Permission> there = all.stream().filter(p -> p.scope().equals(namespace))
                    .map(p -> new Permission(Permission.CLUSTER, p.apiGroup(), p.resource(), p.verb()))
                    .collect(Collectors.toSet());
            assertThat(there).as("permissions in %s", namespace).isEqualTo(allNamespaces);
        }
        assertThat(chart.one("ConfigMap").path("data").path("QUARKUS_OPERATOR_SDK_NAMESPACES").asText())
                .isEqualTo("team-a,team-b");
    }

    @Test
    void leaderElectionOffDropsTheLeaseRoleAndRefusesSeveralReplicas() {
        Manifests chart = HelmChart.render(Map.of("leaderElection.enabled", "false"));
        assertThat(RbacPermissions.of(chart, ACCOUNT, HelmChart.NAMESPACE).permissions())
                .noneMatch(p -> p.resource().equals("leases"));
        assertThat(chart.one("ConfigMap").path("data").has("KILN_OPERATOR_LEADER_ELECTION_LEASE_NAME")).isFalse();
        assertThatThrownBy(() -> HelmChart.render(Map.of("leaderElection.enabled", "false", "replicaCount", "2")))
                .hasMessageContaining("replicaCount > 1 needs leaderElection.enabled=true");
        assertThat(HelmChart.render(Map.of("replicaCount", "2")).one("Deployment").path("spec").path("replicas")
                .asInt()).isEqualTo(2);
    }

    @Test
    void valuesOfTheWrongShapeAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> HelmChart.render(Map.of("watchNamespaces[0]", "Team_A")))
                .hasMessageContaining("watchNamespaces");
        assertThatThrownBy(() -> HelmChart.render(Map.of("replicaCount", "0")))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> HelmChart.render(Map.of("metrics.serviceMonitor.interval", "half a minute")))
                .hasMessageContaining("interval");
    }

    @Test
    void imageAndResourcesComeFromValues() {
        Manifests chart = HelmChart.render(Map.of("image.repository", "registry.example/kiln-operator",
                "image.tag", "9.9.9", "resources.limits.memory", "1Gi"));
        assertThat(container(chart).path("image").asText()).isEqualTo("registry.example/kiln-operator:9.9.9");
        assertThat(container(chart).path("resources").path("limits").path("memory").asText()).isEqualTo("1Gi");
    }

    @Test
    void monitorsAreOptInAndScrapeLikeDeployMonitoring() {
        assertThat(HelmChart.render(Map.of()).ofKind("ServiceMonitor")).isEmpty();
        assertThat(HelmChart.render(Map.of()).ofKind("PodMonitor")).isEmpty();
        Manifests chart = HelmChart.render(Map.of("metrics.serviceMonitor.enabled", "true",
                "metrics.podMonitor.enabled", "true"));
        Manifests monitoring = Kustomization.build(Repo.path("deploy/monitoring"));
        assertThat(chart.one("ServiceMonitor").path("spec").path("endpoints"))
                .isEqualTo(monitoring.one("ServiceMonitor").path("spec").path("endpoints"));
        assertThat(chart.one("PodMonitor").path("spec")).isEqualTo(monitoring.one("PodMonitor").path("spec"));
    }
}
