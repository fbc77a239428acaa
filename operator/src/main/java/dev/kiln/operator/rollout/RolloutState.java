package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.AnalysisRun;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.api.RolloutPhase;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollout's state, as kept in status.rollout (see {@link RolloutStatusMapping}). Immutable; the planner
 * derives the next one with {@link #toBuilder()}.
 *
 * @param desiredWeight percent the current step asks for
 * @param canaryWeight  percent requested from the traffic layer: desiredWeight once the canary pods for it are Ready,
 *                      meanwhile what the Ready canary pods already carry (0 with none)
 * @param mirrorFraction fraction of stable's requests mirrored to the canary, 0 for none
 * @param lastProgressAt start of the step or its last conclusive measurement; the progress deadline counts from it
 * @param pausedAt      when spec.rollout.paused began holding, null when not held
 */
public record RolloutState(
        String canaryRevision,
        RolloutPhase phase,
        int stepIndex,
        int desiredWeight,
        int canaryWeight,
        Integer achievedWeight,
        double mirrorFraction,
        Instant stepStartedAt,
        Instant lastProgressAt,
        Instant pausedAt,
        Instant lastMeasurementAt,
        AnalysisRun stepAnalysis,
        AnalysisRun backgroundAnalysis,
        List<MetricResult> lastAnalysis,
        String reason,
        String message,
        List<ScheduledScaleDown> scaleDowns) {

    public RolloutState {
        stepAnalysis = stepAnalysis != null ? stepAnalysis : AnalysisRun.NEW;
        backgroundAnalysis = backgroundAnalysis != null ? backgroundAnalysis : AnalysisRun.NEW;
        lastAnalysis = lastAnalysis != null ? List.copyOf(lastAnalysis) : List.of();
        scaleDowns = scaleDowns != null ? List.copyOf(scaleDowns) : List.of();
    }

    /** No rollout has happened yet. */
    public static final RolloutState NONE = new Builder().build();

    public boolean active() {
        return phase == RolloutPhase.Progressing || phase == RolloutPhase.Paused;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.canaryRevision = canaryRevision;
        b.phase = phase;
        b.stepIndex = stepIndex;
        b.desiredWeight = desiredWeight;
        b.canaryWeight = canaryWeight;
        b.achievedWeight = achievedWeight;
        b.mirrorFraction = mirrorFraction;
        b.stepStartedAt = stepStartedAt;
        b.lastProgressAt = lastProgressAt;
        b.pausedAt = pausedAt;
        b.lastMeasurementAt = lastMeasurementAt;
        b.stepAnalysis = stepAnalysis;
        b.backgroundAnalysis = backgroundAnalysis;
        b.lastAnalysis = lastAnalysis;
        b.reason = reason;
        b.message = message;
        b.scaleDowns = new ArrayList<>(scaleDowns);
        return b;
    }

    /** A mutable copy the planner works on within one reconcile. */
    public static final class Builder {
        public String canaryRevision;
        public RolloutPhase phase;
        public int stepIndex;
        public int desiredWeight;
        public int canaryWeight;
        public Integer achievedWeight;
        public double mirrorFraction;
        public Instant stepStartedAt;
        public Instant lastProgressAt;
        public Instant pausedAt;
        public Instant lastMeasurementAt;
        public AnalysisRun stepAnalysis = AnalysisRun.NEW;
        public AnalysisRun backgroundAnalysis = AnalysisRun.NEW;
        public List<MetricResult> lastAnalysis = List.of();
        public String reason;
        public String message;
        public List<ScheduledScaleDown> scaleDowns = new ArrayList<>();

        public RolloutState build() {
            return new RolloutState(canaryRevision, phase, stepIndex, desiredWeight, canaryWeight, achievedWeight,
                    mirrorFraction, stepStartedAt, lastProgressAt, pausedAt, lastMeasurementAt, stepAnalysis,
                    backgroundAnalysis, lastAnalysis, reason, message, scaleDowns);
        }
    }
}
