package dev.kiln.deploy;

/**
 * One verb on one resource, granted in one scope: "cluster" (a ClusterRoleBinding) or a namespace (a
 * RoleBinding there).
 */
record Permission(String scope, String apiGroup, String resource, String verb) implements Comparable<Permission> {

    static final String CLUSTER = "cluster";

    Permission anyScope() {
        return new Permission("*", apiGroup, resource, verb);
    }

    @Override
    public int compareTo(Permission o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return scope + ": " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource + " " + verb;
    }
}
