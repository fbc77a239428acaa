package dev.kiln.sandbox.kubelet;

/** A pod cannot be started as a process; the message names what is missing and the fix. */
public final class LaunchException extends RuntimeException {

    public LaunchException(String message) {
        super(message);
    }
}
