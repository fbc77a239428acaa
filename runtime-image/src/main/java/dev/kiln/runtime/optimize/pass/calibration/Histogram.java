package dev.kiln.runtime.optimize.pass.calibration;

/** A fixed-bin histogram over [low, high]; values outside fall into the edge bins. */
final class Histogram {

    static final int BINS = 2048;

    final double low;
    final double high;
    final long[] counts = new long[BINS];
    long total;

    Histogram(double low, double high) {
        this.low = low;
        this.high = high > low ? high : low + 1e-12;
    }

    /** Counts the values as they are (for percentiles). */
    void add(float[] values) {
        double scale = BINS / (high - low);
        for (float v : values) {
            count(v, scale);
        }
    }

    /**
     * Counts the magnitudes of the values of one sign only (strictly positive or strictly negative), for
     * entropy calibration of that side of the range. Exact zeros never count: zero is represented exactly
     * whatever the range, and ReLU outputs' spike of zeros would otherwise dominate the entropy criterion and
     * drive it to clip far too much.
     */
    void addMagnitudes(float[] values, boolean negative) {
        double scale = BINS / (high - low);
        for (float v : values) {
            if (negative ? v < 0f : v > 0f) {
                count(Math.abs(v), scale);
            }
        }
    }

    private void count(double x, double scale) {
        int bin = (int) ((x - low) * scale);
        counts[Math.max(0, Math.min(BINS - 1, bin))]++;
        total++;
    }

    double binWidth() {
        return (high - low) / BINS;
    }

    /** The value below which {@code fraction} of the counted values lie (upper edge of the bin reaching it). */
    double quantile(double fraction) {
        long target = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= target) {
                return low + (i + 1) * binWidth();
            }
        }
        return high;
    }

    /**
     * Entropy calibration on a histogram of absolute values over [0, max]: the threshold whose distribution,
     * once its values are merged into {@code levels} quantization bins, diverges least from the original
     * (values beyond the threshold clipped into its last bin).
     */
    double klThreshold(int levels) {
        if (total == 0) {
            return low;
        }
        // Coarse search every 16 bins, then every bin around the best: the divergence is smooth in the
        // threshold, and this is 10x fewer evaluations than trying all of them.
        int best = search(levels, levels, BINS, 16);
        return low + search(levels, Math.max(levels, best - 16), Math.min(BINS, best + 16), 1) * binWidth();
    }

    private int search(int levels, int from, int to, int step) {
        int bestEnd = to;
        double bestDivergence = Double.POSITIVE_INFINITY;
        for (int end = from; end <= to; end += step) {
            double divergence = divergence(end, levels);
            if (divergence < bestDivergence) {
                bestDivergence = divergence;
                bestEnd = end;
            }
        }
        return bestEnd;
    }

    private double divergence(int end, int levels) {
        double[] reference = new double[end];
        for (int i = 0; i < end; i++) {
            reference[i] = counts[i];
        }
        for (int i = end; i < BINS; i++) {
            reference[end - 1] += counts[i];
        }
        double[] expanded = new double[end];
        for (int j = 0; j < levels; j++) {
            int start = (int) ((long) j * end / levels);
            int stop = (int) ((long) (j + 1) * end / levels);
            double sum = 0;
            int nonZero = 0;
            for (int i = start; i < stop; i++) {
                sum += counts[i];
                if (counts[i] != 0) {
                    nonZero++;
                }
            }
            for (int i = start; i < stop; i++) {
                expanded[i] = counts[i] != 0 ? sum / nonZero : 0;
            }
        }
        double pTotal = 0;
        double qTotal = 0;
        for (int i = 0; i < end; i++) {
            pTotal += reference[i];
            qTotal += expanded[i];
        }
        if (pTotal == 0 || qTotal == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double kl = 0;
        for (int i = 0; i < end; i++) {
            if (reference[i] == 0) {
                continue;
            }
            double p = reference[i] / pTotal;
            // A reference bin the quantized distribution left empty (the clipped outliers): smooth it
            // instead of an infinite divergence, as the usual implementations do.
            double q = expanded[i] == 0 ? 1e-10 : expanded[i] / qTotal;
            kl += p * Math.log(p / q);
        }
        return kl;
    }
}
