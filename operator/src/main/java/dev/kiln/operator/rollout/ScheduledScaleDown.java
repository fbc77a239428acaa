package dev.kiln.operator.rollout;

import java.time.Instant;

/** A revision to scale to zero at a time: the old stable after promotion, the canary after rollback. */
public record ScheduledScaleDown(String revision, Instant at) {
}
