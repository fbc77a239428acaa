package dev.kiln.sandbox.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a load run, kept per second of the run and in total. Sends are counted in the second they were
 * sent, outcomes and latencies in the second they finished. Latencies are kept exactly (8 bytes a request), so
 * quantiles are exact nearest-rank values. Thread-safe: requests finish on the HTTP client's threads.
 */
public final class LoadStats {

    private final long startNanos;
    private final List<Second> seconds = new ArrayList<>();

    public LoadStats(long startNanos) {
        this.startNanos = startNanos;
    }

    public synchronized void sent(long atNanos) {
        second(atNanos).sent++;
    }

    public synchronized void skipped(long atNanos) {
        second(atNanos).skipped++;
    }

    public synchronized void answered(long atNanos, long latencyNanos, int predictedClass, boolean matchesLabel) {
        Second s = second(atNanos);
        s.ok++;
        s.classes.merge(predictedClass, 1L, Long::sum);
        if (matchesLabel) {
            s.labelMatches++;
        }
        s.latencies.add(latencyNanos);
    }

    /** @param latencyNanos negative when there was no answer to time (a timeout, a refused connection) */
    public synchronized void failed(long atNanos, String cause, long latencyNanos) {
        Second s = second(atNanos);
        s.failures.merge(cause, 1L, Long::sum);
        if (latencyNanos >= 0) {
            s.latencies.add(latencyNanos);
        }
    }

    /** Seconds of the run with anything recorded so far, or that lie between such seconds. */
    public synchronized int secondsSeen() {
        return seconds.size();
    }

    /** Counts of second {@code index} of the run (0 = the first); empty counts beyond what was seen. */
    public synchronized LoadCounts second(int index) {
        return index < seconds.size() ? summarize(List.of(seconds.get(index))) : summarize(List.of());
    }

    /** Counts of the whole run so far. */
    public synchronized LoadCounts total() {
        return summarize(seconds);
    }

    private Second second(long atNanos) {
        int index = (int) Math.max(0, (atNanos - startNanos) / 1_000_000_000L);
        while (seconds.size() <= index) {
            seconds.add(new Second());
        }
        return seconds.get(index);
    }

    private static LoadCounts summarize(List<Second> span) {
        long sent = 0;
        long ok = 0;
        long skipped = 0;
        long labelMatches = 0;
        Map<String, Long> failures = new TreeMap<>();
        Map<Integer, Long> classes = new TreeMap<>();
        int latencyCount = 0;
        for (Second s : span) {
            sent += s.sent;
            ok += s.ok;
            skipped += s.skipped;
            labelMatches += s.labelMatches;
            s.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
            s.classes.forEach((k, v) -> classes.merge(k, v, Long::sum));
            latencyCount += s.latencies.size;
        }
        long[] latencies = new long[latencyCount];
        int at = 0;
        for (Second s : span) {
            System.arraycopy(s.latencies.values, 0, latencies, at, s.latencies.size);
            at += s.latencies.size;
        }
        Arrays.sort(latencies);
        return new LoadCounts(sent, ok, new TreeMap<>(failures), skipped, new TreeMap<>(classes), labelMatches,
                quantileMillis(latencies, 0.50), quantileMillis(latencies, 0.99));
    }

    /** Nearest rank: the smallest value with at least {@code q} of all values at or below it. */
    static double quantileMillis(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static final class Second {
        long sent;
        long ok;
        long skipped;
        long labelMatches;
        final Map<String, Long> failures = new TreeMap<>();
        final Map<Integer, Long> classes = new TreeMap<>();
        final Longs latencies = new Longs();
    }

    /** A growable array of longs, so a busy second costs 8 bytes a request rather than a boxed Long each. */
    private static final class Longs {
        long[] values = new long[16];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
