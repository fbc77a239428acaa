package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract;

/**
 * Which series belong to one track: the {@code track} label, and the {@code revision} label when given (so
 * pods of an older revision still being scaled down do not count).
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
        if (!track.equals(sample.label(RuntimeContract.Metrics.LABEL_TRACK))) {
            return false;
        }
        return revision == null || revision.equals(sample.label(RuntimeContract.Metrics.LABEL_REVISION));
    }
}
