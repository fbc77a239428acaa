package dev.kiln.operator.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The previous scrape round of each ModelDeployment, kept in memory: a window needs two rounds, and raw
 * counters are too big for status. After an operator restart the first round only sets the baseline, so one
 * measurement is an interval late; the analysis counters themselves are in status.
 */
public final class ScrapeBaselines {

    private record Round(Instant at, List<PodScrape> scrapes) {
    }

    private final ConcurrentMap<String, Round> rounds = new ConcurrentHashMap<>();

    /**
     * Offers a fresh round. Returns the baseline to measure against when it is at least {@code interval} old (and
     * the fresh round becomes the next baseline); empty when there was no baseline (the fresh round becomes it)
     * or it is younger than an interval (it is kept, so windows are never shorter than the interval).
     */
    public Optional<List<PodScrape>> advance(String deployment, List<PodScrape> fresh, Instant now, Duration interval) {
        Round previous = rounds.get(deployment);
        if (previous != null && Duration.between(previous.at(), now).compareTo(interval) < 0) {
            return Optional.empty();
        }
        rounds.put(deployment, new Round(now, List.copyOf(fresh)));
        return previous == null ? Optional.empty() : Optional.of(previous.scrapes());
    }

    /**
     * When a window against the current baseline will be complete; empty without a baseline. After a restart
     * the planner's next measurement is already due, so the reconciler should wait until this time rather than
     * scrape on every reconcile.
     */
    public Optional<Instant> windowCompleteAt(String deployment, Duration interval) {
        Round previous = rounds.get(deployment);
        return previous == null ? Optional.empty() : Optional.of(previous.at().plus(interval));
    }

    /** Drops the baseline: the rollout ended or the ModelDeployment is gone. */
    public void forget(String deployment) {
        rounds.remove(deployment);
    }
}
