package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract.Metrics;

/**
 * Fills a prometheus metric's query: {@code {{selector}}} becomes the canary's label matcher, so
 * {@code sum(rate(kiln_inference_requests_total{{{selector}}}[1m]))} reads the canary's requests. Like
 * {@link TrackSelector}, it matches the revision when known, else the track.
 */
public final class QueryTemplate {

    public static final String SELECTOR = "{{selector}}";

    private QueryTemplate() {
    }

    public static String render(String query, TrackSelector track) {
        String matcher = track.revision() != null
                ? Metrics.LABEL_REVISION + "=\"" + escape(track.revision()) + "\""
                : Metrics.LABEL_TRACK + "=\"" + escape(track.track()) + "\"";
        return query.replace(SELECTOR, matcher);
    }

    /** A PromQL string literal's body: backslash, quote and newline escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
