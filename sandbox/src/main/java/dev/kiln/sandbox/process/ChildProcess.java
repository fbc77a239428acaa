package dev.kiln.sandbox.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the sandbox started, with its output in a log file. Stopping it stops its whole tree:
 * a JVM may have started children of its own, and none may outlive the sandbox.
 */
public final class ChildProcess implements AutoCloseable {

    private static final long GRACE_MILLIS = 5_000;

    private final Process process;
    private final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added to this process's environment. */
    public static ChildProcess start(List<String> command, Map<String, String> env, Path workDir, Path log) {
        return start(command, env, workDir, log, false);
    }

    /** @param appendLog add to {@code log} instead of starting it afresh (a restarted process keeps its history) */
    public static ChildProcess start(List<String> command, Map<String, String> env, Path workDir, Path log,
                                     boolean appendLog) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().putAll(env);
            return new ChildProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** The java executable that runs this sandbox, so children use the same JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code, or null while running. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    public Path log() {
        return log;
    }

    /** The last {@code maxChars} characters of the log, for error messages. */
    public String logTail(int maxChars) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= maxChars ? text : text.substring(text.length() - maxChars);
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the process and every descendant, then SIGKILL to whatever is left after a grace period. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        stop(tree);
    }

    /**
     * SIGKILL to the process and every descendant, with no grace period: a crash, as when a node dies or the
     * kernel's OOM killer strikes. Returns once they have exited.
     */
    public void kill() {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // not gone after SIGKILL within the grace period: nothing more can be done from here
            }
        }
    }

    /** Stops every process {@code parent} started, directly or not (not {@code parent} itself). */
    public static void stopDescendantsOf(ProcessHandle parent) {
        stop(parent.descendants().toList());
    }

    private static void stop(List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // still alive after the grace period: killed below
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
