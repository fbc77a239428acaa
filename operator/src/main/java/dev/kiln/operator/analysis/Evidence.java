package dev.kiln.operator.analysis;

import java.util.OptionalDouble;

/** What a metric is judged on: the two tracks' windows (pods provider), or a query's value (prometheus). */
public sealed interface Evidence {

    /** Canary and stable windows over the same interval. */
    record Tracks(TrackWindow canary, TrackWindow stable) implements Evidence {
    }

    /**
     * The value of a metric's PromQL query; empty when the query returned no series, or when it failed, then
     * with the error (the measurement is Inconclusive, and the progress deadline ends a query that keeps failing).
     */
    record QueryValue(OptionalDouble value, String error) implements Evidence {

        public QueryValue(OptionalDouble value) {
            this(value, null);
        }

        public static QueryValue failed(String error) {
            return new QueryValue(OptionalDouble.empty(), error);
        }
    }
}
