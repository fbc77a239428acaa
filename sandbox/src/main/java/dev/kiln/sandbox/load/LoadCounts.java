package dev.kiln.sandbox.load;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a load run saw over some span (one second, or the whole run).
 *
 * @param sent         requests sent
 * @param ok           answered 200 with a class
 * @param failures     failed requests by cause ("HTTP 503", "timeout", "connection refused", "bad answer", ...)
 * @param skipped      requests that fell due while the concurrency bound was reached, so were not sent
 * @param classes      answers by predicted class (the highest score of the first output)
 * @param labelMatches answers whose class is the sample's label
 * @param p50Millis    median latency of answered requests (ok or failed with a status), NaN when none
 * @param p99Millis    99th percentile latency, NaN when none
 */
public record LoadCounts(long sent, long ok, SortedMap<String, Long> failures, long skipped, SortedMap<Integer, Long> classes,
                         long labelMatches, double p50Millis, double p99Millis) {

    public LoadCounts {
        failures = new TreeMap<>(failures);
        classes = new TreeMap<>(classes);
    }

    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** ok / (ok + failed); NaN before any request finished. */
    public double successRate() {
        long done = ok + failed();
        return done == 0 ? Double.NaN : (double) ok / done;
    }

    /** One line for a terminal: counts, latency, classes and failures. */
    public String describe() {
        StringBuilder line = new StringBuilder();
        line.append("sent ").append(sent).append(", ok ").append(ok).append(", failed ").append(failed());
        if (skipped > 0) {
            line.append(", skipped ").append(skipped);
        }
        line.append(", p50 ").append(millis(p50Millis)).append(", p99 ").append(millis(p99Millis));
        line.append(", classes ").append(classes.isEmpty() ? "-" : join(classes));
        if (!failures.isEmpty()) {
            line.append(", failures ").append(join(failures));
        }
        return line.toString();
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms", value);
    }

    private static String join(Map<?, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((key, count) -> text.append(text.isEmpty() ? "" : " ").append(key).append(':').append(count));
        return text.toString();
    }
}
