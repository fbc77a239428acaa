package dev.kiln.operator.analysis;

/**
 * What one track served between two scrapes, summed over its pods: requests by outcome, the latency histogram
 * of those requests, and shadow comparisons by result.
 */
public record TrackWindow(
        double seconds,
        double requests,
        double serverErrors,
        Histogram latencySeconds,
        double shadowAgree,
        double shadowDisagree,
        double shadowErrors) {

    public static final TrackWindow EMPTY = new TrackWindow(0, 0, 0, Histogram.EMPTY, 0, 0, 0);

    /** Requests per second over the window; 0 for an empty window. */
    public double requestRate() {
        return seconds > 0 ? requests / seconds : 0;
    }

    /** Server errors per request; NaN without requests. */
    public double errorRate() {
        return requests > 0 ? serverErrors / requests : Double.NaN;
    }

    /** Latency quantile in milliseconds; NaN without observations. */
    public double latencyMillis(double quantile) {
        return latencySeconds.quantile(quantile) * 1000.0;
    }

    /** Requests the latency histogram observed. */
    public double latencySamples() {
        return latencySeconds.count();
    }

    /**
     * Comparisons in the window. A failed shadow call compared nothing (often the canary was not reachable yet),
     * so it is not counted; canary server errors show in the errorRate metric instead.
     */
    public double comparisons() {
        return shadowAgree + shadowDisagree;
    }

    /** Fraction of comparisons where the canary agreed with stable; NaN without comparisons. */
    public double agreement() {
        double total = comparisons();
        return total > 0 ? shadowAgree / total : Double.NaN;
    }
}
