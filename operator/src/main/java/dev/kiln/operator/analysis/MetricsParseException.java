package dev.kiln.operator.analysis;

/** A metrics page that is not valid Prometheus text format; the message names the line and what is wrong. */
public class MetricsParseException extends RuntimeException {

    public MetricsParseException(String message) {
        super(message);
    }
}
