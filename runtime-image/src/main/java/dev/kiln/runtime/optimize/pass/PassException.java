package dev.kiln.runtime.optimize.pass;

/** A pass could not transform the model; the message says which node or tensor and why. */
public class PassException extends Exception {

    public PassException(String message) {
        super(message);
    }

    public PassException(String message, Throwable cause) {
        super(message, cause);
    }
}
