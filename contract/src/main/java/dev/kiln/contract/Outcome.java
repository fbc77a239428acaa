package dev.kiln.contract;

/**
 * How an optimization run ended, with the process exit code that carries it when no summary could be
 * written.
 */
public enum Outcome {
    /** A variant meets every goal; it is the artifact. */
    Succeeded(0),
    /** The run broke: a bug or an environment problem. */
    Failed(1),
    /** The plan, flags or data are wrong; the message names the field or file. */
    InvalidInput(2),
    /** A model could not be read: missing file, failed download, digest mismatch, not ONNX. */
    ModelUnavailable(3),
    /** Every variant misses a goal; the report says by how much, the best one is still written. */
    GoalsNotMet(4);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static Outcome fromExitCode(int exitCode) {
        for (Outcome outcome : values()) {
            if (outcome.exitCode == exitCode) {
                return outcome;
            }
        }
        return Failed;
    }
}
