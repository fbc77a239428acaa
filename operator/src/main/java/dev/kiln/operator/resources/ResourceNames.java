package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;

/**
 * Names of the objects Kiln creates. Each fits a DNS-1123 label (63 characters), since Job and Service names
 * end up in labels and DNS names: a long ModelDeployment name is cut, the revision suffix never is.
 */
public final class ResourceNames {

    static final int MAX = 63;

    private ResourceNames() {
    }

    public static String service(ModelDeployment md) {
        return fit(md.getMetadata().getName(), "");
    }

    /** The Service of the stable track only: the HTTPRoute's stable backend. */
    public static String stableService(ModelDeployment md) {
        return fit(md.getMetadata().getName(), "-stable");
    }

    /** The Service of the canary track only: the HTTPRoute's canary backend and the mirror's target. */
    public static String canaryService(ModelDeployment md) {
        return fit(md.getMetadata().getName(), "-canary");
    }

    /** The HTTPRoute of gatewayAPI traffic, named like the ModelDeployment. */
    public static String route(ModelDeployment md) {
        return fit(md.getMetadata().getName(), "");
    }

    public static String deployment(ModelDeployment md, String revision) {
        return fit(md.getMetadata().getName(), "-" + revision);
    }

    public static String optimizationJob(ModelDeployment md, String revision, long generation) {
        return fit(md.getMetadata().getName(), "-opt-" + revision + "-" + generation);
    }

    /** The ResourceClaimTemplate of a ModelDeployment's pods on a DRA accelerator class (a DNS subdomain). */
    public static String deviceClaims(ModelDeployment md, String acceleratorClass) {
        String name = md.getMetadata().getName() + "-" + acceleratorClass;
        return name.length() > 253 ? name.substring(0, 253) : name;
    }

    /** The ConfigMap of the serving pods' live shadow settings. */
    public static String shadowConfig(ModelDeployment md) {
        return fit(md.getMetadata().getName(), "-shadow");
    }

    /** The plan ConfigMap shares its Job's name: one plan per Job attempt. */
    public static String plan(String jobName) {
        return jobName;
    }

    static String fit(String base, String suffix) {
        int room = MAX - suffix.length();
        String head = base.length() > room ? base.substring(0, room) : base;
        while (head.endsWith("-") || head.endsWith(".")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + suffix;
    }
}
