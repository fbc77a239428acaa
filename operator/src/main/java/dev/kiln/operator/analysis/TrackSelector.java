package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract;

/**
 * Which series belong to one track. With a revision, the {@code revision} label alone decides: a pod's
 * {@code track} label is what it was started as, and a promoted canary keeps saying "canary" while it serves
 * as stable. Without a revision, the {@code track} label decides.
 */
public record TrackSelector(String track, String revision) {

    public static final String STABLE = "stable";
    public static final String CANARY = "canary";

    public static TrackSelector stable(String revision) {
        return new TrackSelector(STABLE, revision);
    }

    public static TrackSelector canary(String revision) {
        return new TrackSelector(CANARY, revision);
    }

    boolean matches(Sample sample) {
        if (revision != null) {
            return revision.equals(sample.label(RuntimeContract.Metrics.LABEL_REVISION));
        }
        return track.equals(sample.label(RuntimeContract.Metrics.LABEL_TRACK));
    }
}
