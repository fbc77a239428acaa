package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Provider prometheus for latency, errorRate and agreement: each track's window is read from Prometheus with
 * {@link TrackQueries} instead of from two rounds of pod scrapes, and judged by the same evaluator.
 */
public final class PrometheusTrackWindows {

    /** The two calls a track window needs; {@link PrometheusQueryClient} in production. */
    public interface Queries {
        OptionalDouble query(String promql);

        Map<String, Double> vector(String promql, String label);
    }

    private PrometheusTrackWindows() {
    }

    /**
     * Both tracks' windows, or a failed value naming the query that could not be run, which makes every
     * track metric of the round Inconclusive with that reason.
     */
    public static Evidence tracks(TrackQueries canary, TrackQueries stable, Queries prometheus) {
        try {
            return new Evidence.Tracks(read(canary, prometheus), read(stable, prometheus));
        } catch (MetricsFetchException | MetricsParseException e) {
            return Evidence.QueryValue.failed(e.getMessage());
        }
    }

    static TrackWindow read(TrackQueries track, Queries prometheus) {
        return window(track.interval().toMillis() / 1000.0,
                prometheus.query(track.requests()),
                prometheus.query(track.serverErrors()),
                prometheus.vector(track.latencyBuckets(), "le"),
                prometheus.vector(track.shadowComparisons(), Metrics.LABEL_RESULT));
    }

    /**
     * A window from query results: no series means nothing happened (a counter appears on first use), buckets
     * are keyed by their le label, comparisons by result ("skipped" compared nothing and is left out).
     */
    static TrackWindow window(double seconds, OptionalDouble requests, OptionalDouble serverErrors,
                              Map<String, Double> bucketsByLe, Map<String, Double> comparisonsByResult) {
        List<Histogram.Bucket> buckets = new ArrayList<>();
        bucketsByLe.forEach((le, count) -> buckets.add(new Histogram.Bucket(TrackWindows.upperBound(le), count)));
        return new TrackWindow(seconds, requests.orElse(0), serverErrors.orElse(0), new Histogram(buckets),
                comparisonsByResult.getOrDefault("agree", 0.0), comparisonsByResult.getOrDefault("disagree", 0.0),
                comparisonsByResult.getOrDefault("error", 0.0));
    }
}
