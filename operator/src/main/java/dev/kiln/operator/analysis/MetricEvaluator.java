package dev.kiln.operator.analysis;

import dev.kiln.operator.api.MetricSpec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** Judges one measurement of one metric against its thresholds. Pure. */
public final class MetricEvaluator {

    /** Quantile used when a latency metric does not set one. */
    public static final double DEFAULT_QUANTILE = 0.99;

    private MetricEvaluator() {
    }

    public static MetricResult evaluate(MetricSpec metric, Evidence evidence, int minSamples) {
        if (metric.type == MetricSpec.Type.prometheus) {
            if (!(evidence instanceof Evidence.QueryValue query)) {
                throw new IllegalArgumentException("metric " + metric.name + " is a prometheus query; it needs a query value");
            }
            return query(metric, query);
        }
        if (evidence instanceof Evidence.QueryValue failed && failed.error() != null) {
            // Provider prometheus could not read the track windows: nothing to judge this round.
            return new MetricResult(metric.name, Verdict.Inconclusive, null, null, null, 0,
                    "query failed: " + failed.error());
        }
        if (!(evidence instanceof Evidence.Tracks tracks)) {
            throw new IllegalArgumentException("metric " + metric.name + " (" + metric.type + ") needs track windows");
        }
        return switch (metric.type) {
            case latency -> latency(metric, tracks.canary(), tracks.stable(), minSamples);
            case errorRate -> errorRate(metric, tracks.canary(), tracks.stable(), minSamples);
            case agreement -> agreement(metric, tracks.canary(), tracks.stable(), minSamples);
            case prometheus -> throw new IllegalStateException("handled above");
        };
    }

    private static MetricResult latency(MetricSpec metric, TrackWindow canary, TrackWindow stable, int minSamples) {
        double q = metric.quantile != null ? metric.quantile : DEFAULT_QUANTILE;
        String what = "latency p" + number(q * 100);
        return compareUpper(metric, what, " ms", canary.latencyMillis(q), stable.latencyMillis(q),
                (long) canary.latencySamples(), (long) stable.latencySamples(), minSamples);
    }

    private static MetricResult errorRate(MetricSpec metric, TrackWindow canary, TrackWindow stable, int minSamples) {
        return compareUpper(metric, "error rate", "", canary.errorRate(), stable.errorRate(),
                (long) canary.requests(), (long) stable.requests(), minSamples);
    }

    /** latency and errorRate: canary at most max, and at most maxRatioToStable times stable. */
    private static MetricResult compareUpper(MetricSpec metric, String what, String unit, double canaryValue,
                                             double stableValue, long canarySamples, long stableSamples,
                                             int minSamples) {
        boolean needsStable = metric.maxRatioToStable != null;
        String threshold = upperThreshold(metric, unit);
        Double stableShown = needsStable || stableSamples > 0 ? finite(stableValue) : null;
        if (canarySamples < minSamples || Double.isNaN(canaryValue)) {
            return new MetricResult(metric.name, Verdict.Inconclusive, finite(canaryValue), stableShown, threshold,
                    canarySamples, what + ": canary served " + canarySamples + " requests, fewer than minSamples "
                    + minSamples);
        }
        if (needsStable && (stableSamples < minSamples || Double.isNaN(stableValue))) {
            return new MetricResult(metric.name, Verdict.Inconclusive, canaryValue, stableShown, threshold,
                    canarySamples, what + ": stable served " + stableSamples + " requests, fewer than minSamples "
                    + minSamples + " needed for maxRatioToStable");
        }
        List<String> breaches = new ArrayList<>();
        if (metric.max != null && canaryValue > metric.max) {
            breaches.add("exceeds max " + number(metric.max) + unit);
        }
        if (needsStable) {
            double ratio = ratio(canaryValue, stableValue);
            if (ratio > metric.maxRatioToStable) {
                breaches.add("is " + number(ratio) + "x stable's " + number(stableValue) + unit
                        + ", above maxRatioToStable " + number(metric.maxRatioToStable));
            }
        }
        String measured = what + " of canary " + number(canaryValue) + unit;
        String context = " (" + canarySamples + " samples)";
        if (breaches.isEmpty()) {
            return new MetricResult(metric.name, Verdict.Successful, canaryValue, stableShown, threshold,
                    canarySamples, measured + " within " + threshold + context);
        }
        return new MetricResult(metric.name, Verdict.Failed, canaryValue, stableShown, threshold, canarySamples,
                measured + " " + String.join(" and ", breaches) + context);
    }

    /**
     * Canary over stable. With stable at zero the ratio is 1 when the canary is zero too and infinite otherwise:
     * any error where stable has none breaches a ratio threshold, so pair maxRatioToStable with max for rare
     * errors.
     */
    static double ratio(double canaryValue, double stableValue) {
        if (stableValue == 0) {
            return canaryValue == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        return canaryValue / stableValue;
    }

    private static MetricResult agreement(MetricSpec metric, TrackWindow canary, TrackWindow stable, int minSamples) {
        // Whichever side records comparisons (the mirroring stable pods do), both are summed.
        double agree = canary.shadowAgree() + stable.shadowAgree();
        double comparisons = canary.comparisons() + stable.comparisons();
        long failedCalls = (long) (canary.shadowErrors() + stable.shadowErrors());
        String threshold = ">= " + number(metric.min);
        long samples = (long) comparisons;
        if (samples < minSamples || samples == 0) {
            return new MetricResult(metric.name, Verdict.Inconclusive, comparisons > 0 ? agree / comparisons : null,
                    null, threshold, samples, "agreement: " + samples + " shadow comparisons, fewer than minSamples "
                    + minSamples + " (" + failedCalls + " failed shadow calls; is a mirror step running and the canary "
                    + "Ready?)");
        }
        double value = agree / comparisons;
        if (value < metric.min) {
            return new MetricResult(metric.name, Verdict.Failed, value, null, threshold, samples,
                    "agreement of canary with stable " + number(value) + " is below min " + number(metric.min)
                            + " (" + samples + " comparisons)");
        }
        return new MetricResult(metric.name, Verdict.Successful, value, null, threshold, samples,
                "agreement of canary with stable " + number(value) + " within " + threshold + " (" + samples
                        + " comparisons)");
    }

    private static MetricResult query(MetricSpec metric, Evidence.QueryValue query) {
        List<String> bounds = new ArrayList<>();
        if (metric.min != null) {
            bounds.add(">= " + number(metric.min));
        }
        if (metric.max != null) {
            bounds.add("<= " + number(metric.max));
        }
        String threshold = String.join(", ", bounds);
        if (query.value().isEmpty() || Double.isNaN(query.value().getAsDouble())) {
            return new MetricResult(metric.name, Verdict.Inconclusive, null, null, threshold, 0,
                    query.error() != null ? "query failed: " + query.error() : "query returned no value");
        }
        double value = query.value().getAsDouble();
        List<String> breaches = new ArrayList<>();
        if (metric.min != null && value < metric.min) {
            breaches.add("is below min " + number(metric.min));
        }
        if (metric.max != null && value > metric.max) {
            breaches.add("exceeds max " + number(metric.max));
        }
        if (breaches.isEmpty()) {
            return new MetricResult(metric.name, Verdict.Successful, value, null, threshold, 0,
                    "query value " + number(value) + " within " + threshold);
        }
        return new MetricResult(metric.name, Verdict.Failed, value, null, threshold, 0,
                "query value " + number(value) + " " + String.join(" and ", breaches));
    }

    private static String upperThreshold(MetricSpec metric, String unit) {
        List<String> bounds = new ArrayList<>();
        if (metric.max != null) {
            bounds.add("<= " + number(metric.max) + unit);
        }
        if (metric.maxRatioToStable != null) {
            bounds.add("<= " + number(metric.maxRatioToStable) + "x stable");
        }
        return String.join(", ", bounds);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Four significant digits, no exponent, no trailing zeros: readable in status and events. */
    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
