package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;

/**
 * Where artifacts live: the artifacts volume is mounted at {@link #MOUNT} in Jobs (read-write) and inference
 * pods (read-only), and each revision writes to its own folder {@code <namespace>/<name>/<revision>}.
 */
public final class ArtifactLayout {

    public static final String MOUNT = "/kiln/artifacts";

    private ArtifactLayout() {
    }

    /** The revision's folder relative to the volume root. */
    public static String revisionDir(ModelDeployment md, String revision) {
        return md.getMetadata().getNamespace() + "/" + md.getMetadata().getName() + "/" + revision;
    }

    public static String mounted(String volumeRelativePath) {
        return MOUNT + "/" + volumeRelativePath;
    }
}
