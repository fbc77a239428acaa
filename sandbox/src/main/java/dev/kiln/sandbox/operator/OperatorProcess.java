package dev.kiln.sandbox.operator;

import dev.kiln.sandbox.process.ChildProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kiln operator, unchanged, as a child process pointed at the sandbox's kubeconfig. It runs its
 * production configuration: server-side apply on, CRDs checked against the cluster at start-up.
 */
public final class OperatorProcess implements AutoCloseable {

    /** Quarkus logs this once the application, and with it the operator's informers, has started. */
    private static final String STARTED_MARKER = " started in ";

    private final ChildProcess process;

    private OperatorProcess(ChildProcess process) {
        this.process = process;
    }

    /**
     * @param jar          the operator's {@code quarkus-run.jar}
     * @param runtimeImage the image the operator puts in its Jobs and Deployments; the sandbox runs it for real
     */
    public static OperatorProcess start(Path jar, Path kubeconfig, String runtimeImage, Path log, Duration startTimeout) {
        return start(jar, kubeconfig, runtimeImage, log, startTimeout, false);
    }

    /** @param appendLog a restart: the log goes on after the previous run's (whose start line is then skipped) */
    public static OperatorProcess start(Path jar, Path kubeconfig, String runtimeImage, Path log, Duration startTimeout,
                                        boolean appendLog) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("operator jar " + jar.toAbsolutePath() + " not found: build it with "
                    + "'mvn -B -pl operator -am package -DskipTests', pass --operator-jar <file>, or --no-operator");
        }
        Map<String, String> env = Map.of(
                "KUBECONFIG", kubeconfig.toAbsolutePath().toString(),
                "KILN_OPERATOR_RUNTIME_IMAGE", runtimeImage,
                // The operator's own HTTP endpoints (metrics) on loopback, on any free port, so two sandboxes never clash.
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", "0");
        long previousLogLength = appendLog ? logLength(log) : 0;
        ChildProcess child = ChildProcess.start(
                List.of(ChildProcess.javaExecutable(), "-jar", jar.toAbsolutePath().toString()),
                env, Path.of("."), log, appendLog);
        OperatorProcess operator = new OperatorProcess(child);
        try {
            operator.awaitStarted(startTimeout, previousLogLength);
            return operator;
        } catch (RuntimeException e) {
            child.close();
            throw e;
        }
    }

    private static long logLength(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** @param skipBytes log bytes written before this process started */
    private void awaitStarted(Duration timeout, long skipBytes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException("the operator exited with code " + process.exitCode()
                        + " while starting; its log (" + process.log() + ") ends with:\n" + process.logTail(3000));
            }
            if (ownLog(skipBytes).contains(STARTED_MARKER)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the operator to start", e);
            }
        }
        throw new IllegalStateException("the operator did not start within " + timeout.toSeconds() + " s; its log ("
                + process.log() + ") ends with:\n" + process.logTail(3000));
    }

    /** What this run wrote to the log: everything after the first {@code skipBytes}. */
    private String ownLog(long skipBytes) {
        try (var channel = Files.newByteChannel(process.log())) {
            channel.position(skipBytes);
            return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** SIGKILL, no graceful stop: what a crashed or OOM-killed operator pod looks like to the cluster. */
    public void kill() {
        process.kill();
    }

    public boolean alive() {
        return process.alive();
    }

    public Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
