package dev.kiln.sandbox;

import dev.kiln.sandbox.process.ChildProcess;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Stops what a command started, in reverse order, exactly once: when the command returns or when the JVM is
 * asked to stop (Ctrl-C, SIGTERM). Registered before anything starts, so a Ctrl-C while starting (the operator
 * still waiting for its start line, say) is covered too: the sweep of this JVM's descendants stops the
 * processes of parts not registered yet, so no process outlives the command.
 */
public final class StopOnExit implements AutoCloseable {

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final Thread hook;
    private volatile boolean closed;

    private StopOnExit() {
        hook = new Thread(this::stopAll, "sandbox-shutdown");
    }

    public static StopOnExit register() {
        StopOnExit stop = new StopOnExit();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Stopped before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    private synchronized void stopAll() {
        if (closed) {
            return;
        }
        closed = true;
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        ChildProcess.stopDescendantsOf(ProcessHandle.current());
    }

    /** True once stopping has begun (Ctrl-C, or {@link #close()}): long loops end early. */
    public boolean stopping() {
        return closed;
    }

    /** Stops everything now; the hook is removed unless the JVM is already shutting down. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it finds everything stopped
        }
    }
}
