package dev.kiln.operator.analysis;

/** The outcome of one measurement of one metric. */
public enum Verdict {
    Successful,
    Failed,
    /** Too few samples (or no value) to judge; waits, and is not a failure. */
    Inconclusive
}
