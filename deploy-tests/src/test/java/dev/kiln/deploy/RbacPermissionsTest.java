package dev.kiln.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RbacPermissionsTest {

    static final String BINDINGS = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: ops}
            rules:
              - apiGroups: ["", "apps"]
                resources: ["pods", "deployments"]
                verbs: ["get", "list"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: ops}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops}
            subjects: [{kind: ServiceAccount, name: op, namespace: sys}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: lease, namespace: sys}
            rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: lease, namespace: sys}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: lease}
            subjects: [{kind: ServiceAccount, name: op, namespace: sys}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: viewer, namespace: sys}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{kind: ServiceAccount, name: op, namespace: sys}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata: {name: someone-else}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ops}
            subjects: [{kind: ServiceAccount, name: op, namespace: other}]
            """;

    @Test
    void expandsRulesPerBindingScopeAndReportsUndefinedRoles() {
        var grants = RbacPermissions.of(Manifests.parse(BINDINGS, "test"), "op", "sys");
        assertThat(grants.permissions()).containsExactlyInAnyOrder(
                new Permission("cluster", "", "pods", "get"), new Permission("cluster", "", "pods", "list"),
                new Permission("cluster", "", "deployments", "get"), new Permission("cluster", "", "deployments", "list"),
                new Permission("cluster", "apps", "pods", "get"), new Permission("cluster", "apps", "pods", "list"),
                new Permission("cluster", "apps", "deployments", "get"),
                new Permission("cluster", "apps", "deployments", "list"),
                new Permission("sys", "coordination.k8s.io", "leases", "get"));
        assertThat(grants.undefinedRoles()).containsExactly("ClusterRole/view");
    }

    @Test
    void anAccountInAnotherNamespaceGetsOnlyItsOwnBindings() {
        var grants = RbacPermissions.of(Manifests.parse(BINDINGS, "test"), "op", "other");
        assertThat(grants.permissions()).hasSize(8).allMatch(p -> p.scope().equals("cluster"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "apiGroups: ['*'], resources: [pods], verbs: [get]         | ClusterRole/r: apiGroups *",
            "apiGroups: [''], resources: ['*'], verbs: [get]           | ClusterRole/r: resources *",
            "apiGroups: [''], resources: ['pods/*'], verbs: [get]      | ClusterRole/r: resources pods/*",
            "apiGroups: [''], resources: [pods], verbs: ['*']          | ClusterRole/r: verbs *",
            "nonResourceURLs: ['/metrics*'], verbs: [get]              | ClusterRole/r: nonResourceURLs /metrics*",
    })
    void findsEveryWildcard(String rule, String expected) {
        String role = "kind: ClusterRole\nmetadata: {name: r}\nrules: [{" + rule + "}]\n";
        assertThat(RbacPermissions.wildcards(Manifests.parse(role, "test"))).containsExactly(expected);
    }

    @Test
    void explicitRulesHaveNoWildcards() {
        assertThat(RbacPermissions.wildcards(Manifests.parse(BINDINGS, "test"))).isEmpty();
    }
}
