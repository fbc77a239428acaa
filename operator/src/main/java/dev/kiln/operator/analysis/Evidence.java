package dev.kiln.operator.analysis;

import java.util.OptionalDouble;

/** What a metric is judged on: the two tracks' windows (pods provider), or a query's value (prometheus). */
public sealed interface Evidence {

    /** Canary and stable windows over the same interval. */
    record Tracks(TrackWindow canary, TrackWindow stable) implements Evidence {
    }

    /** The value of a metric's PromQL query; empty when the query returned no series. */
    record QueryValue(OptionalDouble value) implements Evidence {
    }
}
