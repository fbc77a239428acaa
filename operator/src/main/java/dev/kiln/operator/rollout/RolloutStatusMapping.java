package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.AnalysisRun;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.analysis.MetricTally;
import dev.kiln.operator.analysis.Verdict;
import dev.kiln.operator.api.AnalysisRunStatus;
import dev.kiln.operator.api.LastAnalysis;
import dev.kiln.operator.api.MetricTallyStatus;
import dev.kiln.operator.api.RolloutStatus;
import dev.kiln.operator.api.ScaleDownStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Converts between {@link RolloutState} and status.rollout; a round trip keeps every field. */
public final class RolloutStatusMapping {

    private RolloutStatusMapping() {
    }

    public static RolloutStatus toStatus(RolloutState state) {
        RolloutStatus status = new RolloutStatus();
        status.canaryRevision = state.canaryRevision();
        status.phase = state.phase();
        status.stepIndex = state.stepIndex();
        status.desiredWeight = state.desiredWeight();
        status.canaryWeight = state.canaryWeight();
        status.achievedWeight = state.achievedWeight();
        status.mirrorFraction = state.mirrorFraction();
        status.stepStartedAt = time(state.stepStartedAt());
        status.lastProgressAt = time(state.lastProgressAt());
        status.pausedAt = time(state.pausedAt());
        status.lastMeasurementAt = time(state.lastMeasurementAt());
        status.stepAnalysis = run(state.stepAnalysis());
        status.backgroundAnalysis = run(state.backgroundAnalysis());
        status.lastAnalysis = new ArrayList<>(state.lastAnalysis().stream().map(RolloutStatusMapping::last).toList());
        status.reason = state.reason();
        status.message = state.message();
        status.scaleDowns = new ArrayList<>(state.scaleDowns().stream().map(d -> {
            ScaleDownStatus out = new ScaleDownStatus();
            out.revision = d.revision();
            out.at = time(d.at());
            return out;
        }).toList());
        return status;
    }

    /** The state in status; {@link RolloutState#NONE} when there is none. */
    public static RolloutState fromStatus(RolloutStatus status) {
        if (status == null) {
            return RolloutState.NONE;
        }
        RolloutState.Builder b = new RolloutState.Builder();
        b.canaryRevision = status.canaryRevision;
        b.phase = status.phase;
        b.stepIndex = orZero(status.stepIndex);
        b.desiredWeight = orZero(status.desiredWeight);
        b.canaryWeight = orZero(status.canaryWeight);
        b.achievedWeight = status.achievedWeight;
        b.mirrorFraction = status.mirrorFraction != null ? status.mirrorFraction : 0;
        b.stepStartedAt = instant(status.stepStartedAt);
        b.lastProgressAt = instant(status.lastProgressAt);
        if (b.lastProgressAt == null) {
            b.lastProgressAt = b.stepStartedAt;
        }
        b.pausedAt = instant(status.pausedAt);
        b.lastMeasurementAt = instant(status.lastMeasurementAt);
        b.stepAnalysis = run(status.stepAnalysis);
        b.backgroundAnalysis = run(status.backgroundAnalysis);
        b.lastAnalysis = status.lastAnalysis == null ? List.of()
                : status.lastAnalysis.stream().map(RolloutStatusMapping::result).toList();
        b.reason = status.reason;
        b.message = status.message;
        b.scaleDowns = new ArrayList<>();
        if (status.scaleDowns != null) {
            status.scaleDowns.forEach(d -> b.scaleDowns.add(new ScheduledScaleDown(d.revision, instant(d.at))));
        }
        return b.build();
    }

    private static AnalysisRunStatus run(AnalysisRun run) {
        AnalysisRunStatus out = new AnalysisRunStatus();
        out.measurements = run.measurements();
        out.conclusiveMeasurements = run.conclusiveMeasurements();
        for (MetricTally tally : run.tallies()) {
            MetricTallyStatus t = new MetricTallyStatus();
            t.metric = tally.metric();
            t.successes = tally.successes();
            t.consecutiveSuccesses = tally.consecutiveSuccesses();
            t.failures = tally.failures();
            t.inconclusive = tally.inconclusive();
            out.metrics.add(t);
        }
        return out;
    }

    private static AnalysisRun run(AnalysisRunStatus status) {
        if (status == null) {
            return AnalysisRun.NEW;
        }
        List<MetricTally> tallies = new ArrayList<>();
        if (status.metrics != null) {
            for (MetricTallyStatus t : status.metrics) {
                tallies.add(new MetricTally(t.metric, orZero(t.successes), orZero(t.consecutiveSuccesses),
                        orZero(t.failures), orZero(t.inconclusive)));
            }
        }
        return new AnalysisRun(orZero(status.measurements), orZero(status.conclusiveMeasurements), tallies);
    }

    private static LastAnalysis last(MetricResult result) {
        LastAnalysis out = new LastAnalysis();
        out.metric = result.metric();
        out.verdict = result.verdict().name();
        out.canaryValue = result.canaryValue();
        out.stableValue = result.stableValue();
        out.threshold = result.threshold();
        out.samples = result.samples();
        out.message = result.message();
        return out;
    }

    private static MetricResult result(LastAnalysis last) {
        return new MetricResult(last.metric, Verdict.valueOf(last.verdict), last.canaryValue, last.stableValue,
                last.threshold, last.samples != null ? last.samples : 0, last.message);
    }

    private static String time(Instant instant) {
        return instant != null ? instant.toString() : null;
    }

    private static Instant instant(String text) {
        return text != null ? Instant.parse(text) : null;
    }

    private static int orZero(Integer value) {
        return value != null ? value : 0;
    }
}
