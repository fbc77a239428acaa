package dev.kiln.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;

import dev.kiln.sandbox.process.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Which images are Kiln's runtime, and how the sandbox runs them for real: the command that stands for
 * the image's entrypoint, and the data folder that stands in for volumes and node disks.
 *
 * @param images     container images that run for real (exact image references)
 * @param entrypoint the command the container's args are appended to, e.g. {@code java -jar quarkus-run.jar}
 * @param dataDir    PVCs live under {@code pvc/<namespace>/<claim>/}, pods' files under {@code pods/<namespace>/<pod>/}
 */
public record KilnRuntime(Set<String> images, List<String> entrypoint, Path dataDir) {

    /** The packaged runtime, {@code runtime-image/target/quarkus-app/quarkus-run.jar}, run with this JVM. */
    public static KilnRuntime jar(Set<String> images, Path jar, Path dataDir) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("runtime jar " + jar.toAbsolutePath() + " not found: build it with "
                    + "'mvn -B -pl runtime-image -am package -DskipTests' or pass --runtime-jar <file>");
        }
        return new KilnRuntime(images, List.of(ChildProcess.javaExecutable(), "-jar", jar.toAbsolutePath().toString()),
                dataDir);
    }

    /**
     * A pod runs for real when its one container runs a Kiln runtime image. Pods with several containers
     * stay simulated: the operator never makes them, and a half-real pod would mislead.
     */
    public boolean runs(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getContainers() != null
                && pod.getSpec().getContainers().size() == 1
                && images.contains(pod.getSpec().getContainers().get(0).getImage());
    }

    public Path pvcDir(String namespace, String claim) {
        return dataDir.resolve("pvc").resolve(namespace).resolve(claim);
    }

    public Path podDir(String namespace, String pod) {
        return dataDir.resolve("pods").resolve(namespace).resolve(pod);
    }
}
