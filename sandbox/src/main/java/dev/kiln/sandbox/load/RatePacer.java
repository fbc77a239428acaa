package dev.kiln.sandbox.load;

/**
 * When each request of an open-loop load is due: request {@code i} at {@code start + i / rate}. Send times come
 * from the schedule, not from when the previous request finished, so a slow server does not lower the offered
 * rate (the load generator counts what it could not send instead).
 */
public record RatePacer(long startNanos, double requestsPerSecond) {

    public RatePacer {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("--rate: requests per second must be a positive number, got "
                    + requestsPerSecond);
        }
    }

    /** The time request {@code index} (from 0) is due, on the {@link System#nanoTime()} scale. */
    public long dueAt(long index) {
        return startNanos + Math.round(index * 1e9 / requestsPerSecond);
    }

    /** How many requests fall due before {@code endNanos}: a run of duration D sends rate x D of them. */
    public long countBefore(long endNanos) {
        if (endNanos <= startNanos) {
            return 0;
        }
        long count = (long) Math.ceil((endNanos - startNanos) * requestsPerSecond / 1e9);
        // The rounding in dueAt may put the last one exactly at the end; it belongs to the next run.
        while (count > 0 && dueAt(count - 1) >= endNanos) {
            count--;
        }
        return count;
    }
}
