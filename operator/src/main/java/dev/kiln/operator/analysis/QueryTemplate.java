package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract.Metrics;

/**
 * Fills a prometheus metric's query: {@code {{selector}}} becomes the canary's label matchers, so
 * {@code sum(rate(kiln_inference_requests_total{{{selector}}}[1m]))} reads the canary's requests.
 */
public final class QueryTemplate {

    public static final String SELECTOR = "{{selector}}";

    private QueryTemplate() {
    }

    public static String render(String query, TrackSelector track) {
        String matchers = Metrics.LABEL_TRACK + "=\"" + escape(track.track()) + "\"";
        if (track.revision() != null) {
            matchers += "," + Metrics.LABEL_REVISION + "=\"" + escape(track.revision()) + "\"";
        }
        return query.replace(SELECTOR, matchers);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
