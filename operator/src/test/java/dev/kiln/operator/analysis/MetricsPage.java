package dev.kiln.operator.analysis;

import java.util.Locale;

/** Builds a runtime metrics page in the shape the runtime's Micrometer registry writes, for tests. */
public final class MetricsPage {

    public static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

    private final StringBuilder text = new StringBuilder();
    private final String labels;

    private MetricsPage(String track, String revision) {
        this.labels = "model=\"cls\",revision=\"" + revision + "\",track=\"" + track + "\"";
        text.append("# HELP jvm_threads_live_threads The current number of live threads\n")
                .append("# TYPE jvm_threads_live_threads gauge\n")
                .append("jvm_threads_live_threads 21.0\n");
    }

    public static MetricsPage of(String track, String revision) {
        return new MetricsPage(track, revision);
    }

    public MetricsPage requests(String outcome, double count) {
        text.append("kiln_inference_requests_total{").append(labels).append(",outcome=\"").append(outcome)
                .append("\"} ").append(count).append('\n');
        return this;
    }

    /** Cumulative counts, one per entry of BOUNDS, then +Inf. */
    public MetricsPage latency(double... cumulative) {
        text.append("# TYPE kiln_inference_request_seconds histogram\n");
        for (int i = 0; i < BOUNDS.length; i++) {
            text.append("kiln_inference_request_seconds_bucket{").append(labels).append(",le=\"")
                    .append(String.format(Locale.ROOT, "%s", BOUNDS[i])).append("\"} ").append(cumulative[i]).append('\n');
        }
        double total = cumulative[cumulative.length - 1];
        text.append("kiln_inference_request_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ").append(total).append('\n')
                .append("kiln_inference_request_seconds_count{").append(labels).append("} ").append(total).append('\n')
                .append("kiln_inference_request_seconds_sum{").append(labels).append("} ").append(total * 0.01).append('\n');
        return this;
    }

    public MetricsPage shadow(String result, double count) {
        text.append("kiln_shadow_comparisons_total{").append(labels).append(",result=\"").append(result)
                .append("\"} ").append(count).append('\n');
        return this;
    }

    /** All requests fall in buckets up to and including index, spread evenly over buckets fromIndex..index. */
    public static double[] allAtOrBelow(int fromIndex, int index, double count) {
        double[] cumulative = new double[BOUNDS.length + 1];
        int spread = index - fromIndex + 1;
        for (int i = 0; i < BOUNDS.length; i++) {
            if (i < fromIndex) {
                cumulative[i] = 0;
            } else if (i <= index) {
                cumulative[i] = count * (i - fromIndex + 1) / spread;
            } else {
                cumulative[i] = count;
            }
        }
        cumulative[BOUNDS.length] = count;
        return cumulative;
    }

    public String text() {
        return text.toString();
    }
}
