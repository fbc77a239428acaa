package dev.kiln.operator.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cumulative histogram buckets (upper bound "le" and the count of observations at or below it), as Prometheus
 * exposes them, with the same quantile estimate as PromQL's histogram_quantile.
 */
public record Histogram(List<Bucket> buckets) {

    public record Bucket(double upperBound, double cumulativeCount) {
    }

    public static final Histogram EMPTY = new Histogram(List.of());

    public Histogram {
        List<Bucket> sorted = new ArrayList<>(buckets);
        sorted.sort(Comparator.comparingDouble(Bucket::upperBound));
        buckets = List.copyOf(sorted);
    }

    /** Observations in the histogram: the count of the +Inf bucket, 0 when there is none. */
    public double count() {
        if (buckets.isEmpty() || buckets.get(buckets.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return 0;
        }
        return buckets.get(buckets.size() - 1).cumulativeCount();
    }

    /**
     * The q-quantile, interpolating linearly inside the bucket that holds it; NaN without observations or
     * without a +Inf bucket. A quantile in the +Inf bucket is reported as the highest finite bound, as
     * Prometheus does: the histogram cannot say more.
     */
    public double quantile(double q) {
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> monotonic = monotonic();
        int n = monotonic.size();
        if (n < 2 || monotonic.get(n - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double observations = monotonic.get(n - 1).cumulativeCount();
        if (observations <= 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (monotonic.get(b).cumulativeCount() < rank) {
            b++;
        }
        if (b == n - 1) {
            return monotonic.get(n - 2).upperBound();
        }
        Bucket bucket = monotonic.get(b);
        if (b == 0 && bucket.upperBound() <= 0) {
            return bucket.upperBound();
        }
        double lower = 0;
        double inBucket = bucket.cumulativeCount();
        if (b > 0) {
            Bucket below = monotonic.get(b - 1);
            lower = below.upperBound();
            inBucket -= below.cumulativeCount();
            rank -= below.cumulativeCount();
        }
        if (inBucket <= 0) {
            return lower;
        }
        return lower + (bucket.upperBound() - lower) * (rank / inBucket);
    }

    /** Merges equal bounds and makes counts non-decreasing, which scrape races and float sums can break. */
    private List<Bucket> monotonic() {
        List<Bucket> out = new ArrayList<>();
        double max = 0;
        for (Bucket bucket : buckets) {
            max = Math.max(max, bucket.cumulativeCount());
            if (!out.isEmpty() && out.get(out.size() - 1).upperBound() == bucket.upperBound()) {
                out.set(out.size() - 1, new Bucket(bucket.upperBound(), max));
            } else {
                out.add(new Bucket(bucket.upperBound(), max));
            }
        }
        return out;
    }
}
