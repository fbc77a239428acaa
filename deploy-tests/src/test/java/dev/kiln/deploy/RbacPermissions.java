package dev.kiln.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a ServiceAccount may do according to a set of manifests: every binding naming it, resolved to the
 * rules of the role it references. A binding to a role the manifests do not define is reported rather than
 * guessed at.
 */
final class RbacPermissions {

    /** The permissions, and the roles bound to the account that the manifests do not define. */
    record Grants(Set<Permission> permissions, Set<String> undefinedRoles) {
    }

    private RbacPermissions() {
    }

    /**
     * @param namespace the account's namespace; a subject without a namespace (as the operator build
     *                  generates them) matches any
     */
    static Grants of(Manifests manifests, String account, String namespace) {
        Set<Permission> permissions = new TreeSet<>();
        Set<String> undefined = new TreeSet<>();
        for (ObjectNode binding : bindings(manifests)) {
            if (!names(binding, account, namespace)) {
                continue;
            }
            boolean cluster = "ClusterRoleBinding".equals(binding.path("kind").asText());
            String bindingNamespace = binding.path("metadata").path("namespace").asText("");
            String scope = cluster ? Permission.CLUSTER : bindingNamespace;
            JsonNode roleRef = binding.path("roleRef");
            String roleKind = roleRef.path("kind").asText();
            String roleName = roleRef.path("name").asText();
            ObjectNode role = manifests.ofKind(roleKind).stream()
                    .filter(r -> roleName.equals(r.path("metadata").path("name").asText()))
                    .filter(r -> "ClusterRole".equals(roleKind)
                            || bindingNamespace.equals(r.path("metadata").path("namespace").asText("")))
                    .findFirst().orElse(null);
            if (role == null) {
                undefined.add(roleKind + "/" + roleName);
                continue;
            }
            for (JsonNode rule : role.path("rules")) {
                for (JsonNode group : rule.path("apiGroups")) {
                    for (JsonNode resource : rule.path("resources")) {
                        for (JsonNode verb : rule.path("verbs")) {
                            permissions.add(new Permission(scope, group.asText(), resource.asText(), verb.asText()));
                        }
                    }
                }
            }
        }
        return new Grants(permissions, undefined);
    }

    /** Every "*" in a role's apiGroups, resources, verbs or nonResourceURLs, as "Kind/name: field". */
    static List<String> wildcards(Manifests manifests) {
        List<String> found = new ArrayList<>();
        for (String kind : List.of("Role", "ClusterRole")) {
            for (ObjectNode role : manifests.ofKind(kind)) {
                for (JsonNode rule : role.path("rules")) {
                    for (String field : List.of("apiGroups", "resources", "verbs", "nonResourceURLs")) {
                        for (JsonNode value : rule.path(field)) {
                            if (value.asText().contains("*")) {
                                found.add(kind + "/" + role.path("metadata").path("name").asText() + ": " + field
                                        + " " + value.asText());
                            }
                        }
                    }
                }
                if (role.has("aggregationRule")) {
                    found.add(kind + "/" + role.path("metadata").path("name").asText()
                            + ": aggregationRule (grants whatever other roles add)");
                }
            }
        }
        return found;
    }

    private static List<ObjectNode> bindings(Manifests manifests) {
        List<ObjectNode> all = new ArrayList<>(manifests.ofKind("RoleBinding"));
        all.addAll(manifests.ofKind("ClusterRoleBinding"));
        return all;
    }

    private static boolean names(ObjectNode binding, String account, String namespace) {
        for (JsonNode subject : binding.path("subjects")) {
            if ("ServiceAccount".equals(subject.path("kind").asText())
                    && account.equals(subject.path("name").asText())
                    && (!subject.hasNonNull("namespace") || namespace.equals(subject.path("namespace").asText()))) {
                return true;
            }
        }
        return false;
    }
}
