package dev.kiln.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;

import dev.kiln.sandbox.process.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which images are Kiln's runtime, and how the sandbox runs them for real: the command that stands for
 * the image's entrypoint, and the data folder that stands in for volumes and node disks.
 *
 * @param repository the runtime image's repository (the reference without tag or digest): images of it with
 *                   any tag run for real, so accelerator classes' variants ({@code kiln-runtime:0.1.0-cuda}) do too
 * @param entrypoint the command the container's args are appended to, e.g. {@code java -jar quarkus-run.jar}
 * @param dataDir    PVCs live under {@code pvc/<namespace>/<claim>/}, pods' files under {@code pods/<namespace>/<pod>/}
 */
public record KilnRuntime(String repository, List<String> entrypoint, Path dataDir) {

    /** The packaged runtime, {@code runtime-image/target/quarkus-app/quarkus-run.jar}, run with this JVM. */
    public static KilnRuntime jar(String image, Path jar, Path dataDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("runtime jar " + jar.toAbsolutePath() + " not found: build it with "
                    + "'mvn -B -pl runtime-image -am package -DskipTests' or pass --runtime-jar <file>");
        }
        return new KilnRuntime(repository(image), List.of(ChildProcess.javaExecutable(), "-jar", jar.toAbsolutePath().toString()),
                dataDir);
    }

    /**
     * A pod runs for real when its one container runs a Kiln runtime image. Pods with several containers
     * stay simulated: the operator never makes them, and a half-real pod would mislead.
     */
    public boolean runs(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getContainers() != null
                && pod.getSpec().getContainers().size() == 1
                && repository.equals(repository(pod.getSpec().getContainers().get(0).getImage()));
    }

    /** {@code registry:5000/kiln-runtime:0.1.0@sha256:...} -> {@code registry:5000/kiln-runtime}. */
    public static String repository(String image) {
        if (image == null) {
            return "";
        }
        int at = image.indexOf('@');
        String ref = at < 0 ? image : image.substring(0, at);
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
    }

    public Path pvcDir(String namespace, String claim) {
        return dataDir.resolve("pvc").resolve(namespace).resolve(claim);
    }

    public Path podDir(String namespace, String pod) {
        return dataDir.resolve("pods").resolve(namespace).resolve(pod);
    }
}
