package dev.kiln.operator.analysis;

/** A metrics page or query that could not be read; the message names the URL and what went wrong. */
public class MetricsFetchException extends RuntimeException {

    public MetricsFetchException(String message) {
        super(message);
    }

    public MetricsFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
