package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract.Metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns two rounds of pod scrapes into what each track served in between. Counters only ever grow within one
 * server process, so a drop means the pod restarted; then, like Prometheus's rate(), the new value is taken as
 * the increase since the reset. The whole metric family of that pod is treated as reset together (a histogram
 * resets all its buckets at once), which is stricter than Prometheus's per-series check and avoids mixing a
 * reset bucket with unreset ones.
 */
public final class TrackWindows {

    private static final String BUCKET = Metrics.REQUEST_LATENCY + "_bucket";

    private TrackWindows() {
    }

    /**
     * The window for one track. Pods absent from the previous round have no baseline yet and are left out (their
     * next scrape is measured against this one); pods absent from the current round are gone and add nothing.
     */
    public static TrackWindow between(List<PodScrape> previous, List<PodScrape> current, TrackSelector selector) {
        Map<String, PodScrape> before = new HashMap<>();
        previous.forEach(scrape -> before.put(scrape.pod(), scrape));

        Totals totals = new Totals();
        double seconds = 0;
        for (PodScrape now : current) {
            PodScrape then = before.get(now.pod());
            if (then == null) {
                continue;
            }
            seconds = Math.max(seconds, Duration.between(then.scrapedAt(), now.scrapedAt()).toMillis() / 1000.0);
            addIncreases(then, now, selector, totals);
        }
        return totals.window(seconds);
    }

    private record SeriesKey(String name, Map<String, String> labels) {
    }

    private static void addIncreases(PodScrape then, PodScrape now, TrackSelector selector, Totals totals) {
        Map<SeriesKey, Double> old = new HashMap<>();
        for (Sample sample : relevant(then, selector)) {
            old.put(new SeriesKey(sample.name(), sample.labels()), sample.value());
        }
        List<Sample> fresh = relevant(now, selector);

        Map<String, Boolean> familyReset = new HashMap<>();
        for (Sample sample : fresh) {
            Double was = old.get(new SeriesKey(sample.name(), sample.labels()));
            if (was != null && sample.value() < was) {
                familyReset.put(family(sample.name()), true);
            }
        }
        for (Sample sample : fresh) {
            boolean reset = familyReset.getOrDefault(family(sample.name()), false);
            // A series missing from the previous scrape was created since (counters appear on first use).
            double was = reset ? 0 : old.getOrDefault(new SeriesKey(sample.name(), sample.labels()), 0.0);
            totals.add(sample, sample.value() - was);
        }
    }

    private static List<Sample> relevant(PodScrape scrape, TrackSelector selector) {
        List<Sample> out = new ArrayList<>();
        for (Sample sample : scrape.samples()) {
            if (!Double.isNaN(sample.value()) && isRead(sample.name()) && selector.matches(sample)) {
                out.add(sample);
            }
        }
        return out;
    }

    private static boolean isRead(String name) {
        return name.equals(Metrics.REQUESTS) || name.equals(BUCKET) || name.equals(Metrics.SHADOW_COMPARISONS);
    }

    private static String family(String name) {
        return name.equals(BUCKET) ? Metrics.REQUEST_LATENCY : name;
    }

    /** A histogram bucket's le label as a number; +Inf for the last bucket. */
    static double upperBound(String le) {
        if (le.equals("+Inf") || le.equals("Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(le);
        } catch (NumberFormatException e) {
            throw new MetricsParseException("histogram " + BUCKET + " has le=\"" + le + "\", which is not a number");
        }
    }

    /** Sums of increases over pods and over the labels the analysis does not split by. */
    private static final class Totals {
        double requests;
        double serverErrors;
        final Map<Double, Double> buckets = new TreeMap<>();
        double agree;
        double disagree;
        double shadowErrors;

        void add(Sample sample, double increase) {
            switch (sample.name()) {
                case Metrics.REQUESTS -> {
                    requests += increase;
                    if ("server_error".equals(sample.label(Metrics.LABEL_OUTCOME))) {
                        serverErrors += increase;
                    }
                }
                case BUCKET -> {
                    String le = sample.label("le");
                    if (le != null) {
                        buckets.merge(upperBound(le), increase, Double::sum);
                    }
                }
                case Metrics.SHADOW_COMPARISONS -> {
                    String result = sample.label(Metrics.LABEL_RESULT);
                    if ("agree".equals(result)) {
                        agree += increase;
                    } else if ("disagree".equals(result)) {
                        disagree += increase;
                    } else if ("error".equals(result)) {
                        shadowErrors += increase;
                    }
                    // "skipped" (mirrors dropped at the runtime's bound) compared nothing and failed nothing.
                }
                default -> {
                }
            }
        }

        TrackWindow window(double seconds) {
            List<Histogram.Bucket> list = new ArrayList<>();
            buckets.forEach((le, count) -> list.add(new Histogram.Bucket(le, count)));
            return new TrackWindow(seconds, requests, serverErrors, new Histogram(list), agree, disagree, shadowErrors);
        }
    }
}
