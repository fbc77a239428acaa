package dev.kiln.operator.analysis;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** One measurement round: every metric of the analysis judged on the same windows. */
public final class Measurement {

    private Measurement() {
    }

    /**
     * @param canary  what the canary served in the window
     * @param stable  what stable served in the same window
     * @param queries the value of a prometheus metric's query (rendered with {@link QueryTemplate}); use
     *                {@link Evidence.QueryValue#failed} for a query that could not be run
     */
    public static List<MetricResult> take(AnalysisSpec analysis, TrackWindow canary, TrackWindow stable,
                                          Function<MetricSpec, Evidence.QueryValue> queries) {
        int minSamples = analysis.minSamples != null ? analysis.minSamples : 1;
        List<MetricResult> results = new ArrayList<>();
        for (MetricSpec metric : analysis.metrics) {
            Evidence evidence = metric.type == MetricSpec.Type.prometheus
                    ? queries.apply(metric)
                    : new Evidence.Tracks(canary, stable);
            results.add(MetricEvaluator.evaluate(metric, evidence, minSamples));
        }
        return results;
    }

    /**
     * Provider prometheus: prometheus metrics by their query's value, the others on track windows read from
     * Prometheus ({@link PrometheusTrackWindows}), which are queried only when some metric needs them.
     *
     * @param tracks both tracks' windows, or a failed value when they could not be read
     */
    public static List<MetricResult> fromQueries(AnalysisSpec analysis, Supplier<Evidence> tracks,
                                                 Function<MetricSpec, Evidence.QueryValue> queries) {
        int minSamples = analysis.minSamples != null ? analysis.minSamples : 1;
        Evidence windows = null;
        List<MetricResult> results = new ArrayList<>();
        for (MetricSpec metric : analysis.metrics) {
            Evidence evidence;
            if (metric.type == MetricSpec.Type.prometheus) {
                evidence = queries.apply(metric);
            } else {
                if (windows == null) {
                    windows = tracks.get();
                }
                evidence = windows;
            }
            results.add(MetricEvaluator.evaluate(metric, evidence, minSamples));
        }
        return results;
    }

    /** From two rounds of pod scrapes (provider pods). */
    public static List<MetricResult> fromScrapes(AnalysisSpec analysis, List<PodScrape> previous,
                                                 List<PodScrape> current, String canaryRevision,
                                                 String stableRevision,
                                                 Function<MetricSpec, Evidence.QueryValue> queries) {
        TrackWindow canary = TrackWindows.between(previous, current, TrackSelector.canary(canaryRevision));
        TrackWindow stable = TrackWindows.between(previous, current, TrackSelector.stable(stableRevision));
        return take(analysis, canary, stable, queries);
    }
}
