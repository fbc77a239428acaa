package dev.kiln.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/ grants the operator what its build says it uses, and nothing else: the RBAC that
 * quarkus-operator-sdk generates from the controllers, their dependents and their @RBACRule annotations
 * (operator/target/kubernetes/kubernetes.yml, written by the operator's package phase) is compared with
 * deploy/, apart from the deliberate differences listed here with their reasons.
 */
class OperatorRbacTest {

    static final Path GENERATED = Path.of("operator", "target", "kubernetes", "kubernetes.yml");
    static final String FIX = "change deploy/operator/rbac/ and deploy/helm/kiln/templates/rbac.yaml together, or the "
            + "operator's dependents / @RBACRule annotations";

    /** A deliberate difference between deploy/ and the generated RBAC. */
    record Exception(String reason, Predicate<Permission> covers) {
    }

    /** Granted by deploy/ although the generator does not emit it. */
    static final List<Exception> DEPLOY_ONLY = List.of(
            new Exception("leader election: JOSDK's LeaderElectionManager gets, creates and updates its Lease; "
                    + "the generator emits no rule for it",
                    p -> p.apiGroup().equals("coordination.k8s.io") && p.resource().equals("leases")
                            && Set.of("get", "create", "update").contains(p.verb())));

    /** Generated, but left out of deploy/ on purpose. */
    static final List<Exception> GENERATED_ONLY = List.of(
            new Exception("the generator gives every primary resource create and delete; Kiln never creates or "
                    + "deletes a ModelDeployment, users and GitOps tools do",
                    p -> p.apiGroup().equals("kiln.dev") && p.resource().startsWith("modeldeployments")
                            && Set.of("create", "delete").contains(p.verb())));

    /** Roles the generated manifest binds without defining them. */
    static final Set<String> UNDEFINED_ROLES_LEFT_OUT = Set.of(
            // quarkus-kubernetes-client binds the built-in "view" role by default: read access to most of the
            // namespace, far more than the explicit rules; quarkus.kubernetes-client.generate-rbac=false drops it.
            "ClusterRole/view");

    @Test
    void deployGrantsWhatTheOperatorUsesAndNothingMore() {
        Path generated = Repo.root().resolve(GENERATED);
        assumeTrue(Files.isRegularFile(generated), generated + " is missing: build the operator first "
                + "(mvn -B verify builds it before this module)");
        Manifests operatorBuild = Manifests.read(generated);
        var fromBuild = RbacPermissions.of(operatorBuild, "kiln-operator", "kiln-system");
        assumeTrue(fromBuild.permissions().stream().anyMatch(p -> p.resource().equals("modeldeployments")),
                "the operator build generates no ModelDeployment controller RBAC yet (no reconciler)");

        assertThat(RbacPermissions.wildcards(operatorBuild)).as("wildcards in the generated RBAC").isEmpty();
        assertThat(fromBuild.undefinedRoles()).as("roles bound by the generated RBAC but not defined there")
                .isSubsetOf(UNDEFINED_ROLES_LEFT_OUT);

        Set<Permission> built = anyScope(fromBuild.permissions());
        Set<Permission> deployed = anyScope(RbacPermissions.of(InstallManifestsTest.install(), "kiln-operator",
                "kiln-system").permissions());

        assertThat(Sets.difference(deployed, built).stream().filter(p -> !covered(DEPLOY_ONLY, p)).toList())
                .as("deploy/ grants these but the operator build does not declare them; " + FIX).isEmpty();
        assertThat(Sets.difference(built, deployed).stream().filter(p -> !covered(GENERATED_ONLY, p)).toList())
                .as("the operator build declares these but deploy/ does not grant them; " + FIX).isEmpty();
    }

    @Test
    void exceptionsCoverOnlyWhatTheirReasonsSay() {
        assertThat(covered(DEPLOY_ONLY, new Permission("*", "coordination.k8s.io", "leases", "update"))).isTrue();
        assertThat(covered(DEPLOY_ONLY, new Permission("*", "coordination.k8s.io", "leases", "delete"))).isFalse();
        assertThat(covered(GENERATED_ONLY, new Permission("*", "kiln.dev", "modeldeployments", "create"))).isTrue();
        assertThat(covered(GENERATED_ONLY, new Permission("*", "kiln.dev", "modeldeployments", "patch"))).isFalse();
        assertThat(covered(GENERATED_ONLY, new Permission("*", "batch", "jobs", "delete"))).isFalse();
    }

    private static boolean covered(List<Exception> exceptions, Permission p) {
        return exceptions.stream().anyMatch(e -> e.covers().test(p));
    }

    private static Set<Permission> anyScope(Set<Permission> permissions) {
        return permissions.stream().map(Permission::anyScope).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
