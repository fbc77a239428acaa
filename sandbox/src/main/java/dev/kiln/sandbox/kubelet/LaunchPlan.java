package dev.kiln.sandbox.kubelet;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How one pod's container is started as a local process.
 *
 * @param command        the full command line (the JVM, the runtime jar, the container's args with paths mapped)
 * @param env            the container's literal env plus the runtime's HTTP host (the pod IP)
 * @param files          files to write before the start: materialised ConfigMap and Secret volumes
 * @param folders        folders to create before the start: PVCs, emptyDirs, the pod's own folder
 * @param workDir        the process's working folder
 * @param log            where stdout and stderr go
 * @param terminationLog the local file standing for the container's terminationMessagePath
 * @param readiness      the readiness probe's URL, or null when the container has none (ready once running)
 * @param requestedEp    the execution provider the pod asked for, when the sandbox replaced it with cpu; else null
 */
public record LaunchPlan(List<String> command, Map<String, String> env, Map<Path, byte[]> files, List<Path> folders,
                         Path workDir, Path log, Path terminationLog, URI readiness, String requestedEp) {
}
