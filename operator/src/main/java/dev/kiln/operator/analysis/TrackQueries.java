package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract.Metrics;

import java.time.Duration;

/**
 * The PromQL Kiln writes to measure one track with provider prometheus: increases over the analysis interval of
 * the counters and histogram the runtime exposes, for one revision of one model in one namespace. The
 * {@code namespace} label is the target label Prometheus adds when it scrapes through a PodMonitor or
 * ServiceMonitor; {@code model} and {@code revision} are written by the runtime.
 */
public record TrackQueries(String namespace, String model, String revision, Duration interval) {

    /** Requests the track served in the interval, all outcomes. */
    public String requests() {
        return "sum(increase(" + Metrics.REQUESTS + "{" + selector() + "}" + range() + "))";
    }

    /** Requests that ended in a server error. */
    public String serverErrors() {
        return "sum(increase(" + Metrics.REQUESTS + "{" + selector() + "," + Metrics.LABEL_OUTCOME
                + "=\"server_error\"}" + range() + "))";
    }

    /** The latency histogram's buckets, by upper bound ({@code le}). */
    public String latencyBuckets() {
        return "sum by (le) (increase(" + Metrics.REQUEST_LATENCY + "_bucket{" + selector() + "}" + range() + "))";
    }

    /** Shadow comparisons the track's pods recorded, by result. */
    public String shadowComparisons() {
        return "sum by (" + Metrics.LABEL_RESULT + ") (increase(" + Metrics.SHADOW_COMPARISONS + "{" + selector()
                + "}" + range() + "))";
    }

    private String selector() {
        return "namespace=\"" + QueryTemplate.escape(namespace) + "\"," + Metrics.LABEL_MODEL + "=\""
                + QueryTemplate.escape(model) + "\"," + Metrics.LABEL_REVISION + "=\""
                + QueryTemplate.escape(revision) + "\"";
    }

    /** Whole seconds, at least one: PromQL ranges take integer durations. */
    private String range() {
        return "[" + Math.max(1, interval.toSeconds()) + "s]";
    }
}
