package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels on everything Kiln creates; informers select by them and Services route by them. */
public final class KilnLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String KILN = "kiln";
    public static final String DEPLOYMENT = "kiln.dev/deployment";
    public static final String REVISION = "kiln.dev/revision";
    public static final String TRACK = "kiln.dev/track";
    /** What a pod or Job is for: {@link #OPTIMIZER} or {@link #SERVER}. */
    public static final String COMPONENT = "kiln.dev/component";
    /** On optimization Jobs and their pods: the metadata.generation the Job was started for. */
    public static final String GENERATION = "kiln.dev/generation";
    /** On optimization pods: their Job, so the operator finds the termination message without the Job controller's labels. */
    public static final String JOB = "kiln.dev/job";
    /** On a revision's Job and Deployment: the AcceleratorClass it was placed on, which auto keeps for it. */
    public static final String ACCELERATOR = "kiln.dev/accelerator";

    public static final String OPTIMIZER = "optimizer";
    public static final String SERVER = "server";

    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + KILN;
    public static final String OPTIMIZER_PODS_SELECTOR = MANAGED_SELECTOR + "," + COMPONENT + "=" + OPTIMIZER;

    public enum Track {
        stable, canary
    }

    private KilnLabels() {
    }

    public static Map<String, String> forRevision(ModelDeployment md, String revision) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, KILN);
        labels.put(DEPLOYMENT, md.getMetadata().getName());
        labels.put(REVISION, revision);
        return labels;
    }

    public static Map<String, String> forDeployment(ModelDeployment md) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, KILN);
        labels.put(DEPLOYMENT, md.getMetadata().getName());
        return labels;
    }
}
