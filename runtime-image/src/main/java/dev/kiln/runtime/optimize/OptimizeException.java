package dev.kiln.runtime.optimize;

import dev.kiln.contract.Outcome;

/**
 * A run that cannot go on, with the outcome (and so the exit code) the operator should see. The message is
 * for people: it names the field or file and what to change.
 */
public class OptimizeException extends RuntimeException {

    private final Outcome outcome;

    public OptimizeException(Outcome outcome, String message) {
        super(message);
        this.outcome = outcome;
    }

    public OptimizeException(Outcome outcome, String message, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    public static OptimizeException invalidInput(String message) {
        return new OptimizeException(Outcome.InvalidInput, message);
    }

    public static OptimizeException modelUnavailable(String message) {
        return new OptimizeException(Outcome.ModelUnavailable, message);
    }
}
