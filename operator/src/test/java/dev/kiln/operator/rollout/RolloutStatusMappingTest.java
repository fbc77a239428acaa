package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.AnalysisRun;
import dev.kiln.operator.analysis.Verdict;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutStatusMappingTest {

    @Test
    void everyFieldSurvivesTheTripThroughStatus() {
        Instant t = Instant.parse("2026-03-01T12:00:00.250Z");
        RolloutState.Builder b = new RolloutState.Builder();
        b.canaryRevision = "r2";
        b.phase = RolloutPhase.Paused;
        b.stepIndex = 3;
        b.desiredWeight = 50;
        b.canaryWeight = 0;
        b.achievedWeight = 25;
        b.mirrorFraction = 0.1;
        b.stepStartedAt = t;
        b.lastProgressAt = t.plusSeconds(5);
        b.pausedAt = t.plusSeconds(9);
        b.lastMeasurementAt = t.plusSeconds(7);
        b.stepAnalysis = AnalysisRun.NEW.record(RolloutDriver.both(Verdict.Failed))
                .record(RolloutDriver.both(Verdict.Inconclusive));
        b.backgroundAnalysis = AnalysisRun.NEW.record(RolloutDriver.both(Verdict.Successful));
        b.lastAnalysis = RolloutDriver.both(Verdict.Inconclusive);
        b.reason = "Paused";
        b.message = "held";
        b.scaleDowns.add(new ScheduledScaleDown("r0", t.plusSeconds(30)));
        RolloutState state = b.build();

        assertThat(RolloutDriver.throughStatusJson(state)).isEqualTo(state);
        RolloutStatus status = RolloutStatusMapping.toStatus(state);
        assertThat(status.stepStartedAt).isEqualTo("2026-03-01T12:00:00.250Z");
        assertThat(status.lastAnalysis.get(0).verdict).isEqualTo("Inconclusive");
        assertThat(status.stepAnalysis.metrics.get(0).failures).isEqualTo(1);
    }

    @Test
    void noStatusIsNoRollout() {
        assertThat(RolloutStatusMapping.fromStatus(null)).isEqualTo(RolloutState.NONE);
        assertThat(RolloutStatusMapping.fromStatus(new RolloutStatus())).isEqualTo(RolloutState.NONE);
        assertThat(RolloutDriver.throughStatusJson(RolloutState.NONE)).isEqualTo(RolloutState.NONE);
        assertThat(RolloutState.NONE.lastAnalysis()).isEqualTo(List.of());
    }
}
