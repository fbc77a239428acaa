package dev.kiln.operator.rollout;

import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.RolloutStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** One round at the first step of "<step>,p": does the step complete, wait, or fail at the deadline? */
class StepTableTest {

    static final Instant T0 = RolloutDriver.T0;

    @ParameterizedTest(name = "{0} ready={1} applied={2} after {3}s -> step {4}, {5}")
    @CsvSource(delimiter = '|', value = {
            // step | canary Ready | traffic applied | seconds into the step | step index after | phase | message ends with
            "w10   | true  | true  | 5      | 1 | Paused      | paused until kiln.dev/promote: \"true\"",
            "w10   | true  | false | 5      | 0 | Progressing | waiting for canary weight 10 to take effect",
            "w10   | false | true  | 5      | 0 | Progressing | waiting for the canary pods to be Ready (canary weight held at 0)",
            "w10   | false | true  | 301    | 0 | RolledBack  | did not complete within progressDeadlineSeconds 300: waiting for the canary pods to be Ready (canary weight held at 0)",
            "w0    | false | true  | 5      | 1 | Paused      | paused until kiln.dev/promote: \"true\"",
            "p30s  | true  | true  | 29     | 0 | Progressing | pausing until 2026-03-01T12:00:30Z",
            "p30s  | true  | true  | 30     | 1 | Paused      | paused until kiln.dev/promote: \"true\"",
            "p30s  | false | false | 1000   | 1 | Paused      | paused until kiln.dev/promote: \"true\"",
            "p     | true  | true  | 100000 | 0 | Paused      | paused until kiln.dev/promote: \"true\"",
            "m0.5  | true  | true  | 5      | 1 | Paused      | paused until kiln.dev/promote: \"true\"",
            "m0.5  | true  | false | 5      | 0 | Progressing | waiting for mirroring of 0.5 to take effect",
            "m0.5  | false | true  | 5      | 0 | Progressing | waiting for the canary pods to be Ready to receive mirrored requests",
            "m0.5  | false | true  | 301    | 0 | RolledBack  | did not complete within progressDeadlineSeconds 300: waiting for the canary pods to be Ready to receive mirrored requests",
            "m0    | false | true  | 5      | 1 | Paused      | paused until kiln.dev/promote: \"true\"",
            "a     | true  | true  | 100    | 0 | Progressing | analysis: 0 of 2 conclusive measurements",
            "a5    | true  | true  | 100    | 0 | Progressing | analysis: 0 of 5 conclusive measurements",
            "a     | true  | true  | 301    | 0 | RolledBack  | did not complete within progressDeadlineSeconds 300: analysis: 0 of 2 conclusive measurements",
    })
    void oneRoundAtAStep(String step, boolean ready, boolean applied, long seconds, int stepAfter, RolloutPhase phase,
                         String messageEnd) {
        RolloutSpec spec = RolloutDriver.spec(step + ",p");
        RolloutStep first = spec.steps.get(0);
        RolloutState.Builder b = new RolloutState.Builder();
        b.canaryRevision = "r2";
        b.phase = RolloutPhase.Progressing;
        // The step was entered in an earlier round: its weight and mirror were requested then.
        b.desiredWeight = first.setWeight != null ? first.setWeight : 0;
        b.canaryWeight = b.desiredWeight;
        b.mirrorFraction = first.mirror != null ? first.mirror.fraction : 0;
        b.stepStartedAt = T0;
        b.lastProgressAt = T0;

        RolloutDecision decision = RolloutPlanner.plan(spec, b.build(), new RolloutObservation("r1", "r2", ready,
                applied, null, Optional.empty(), ManualControl.NONE), T0.plusSeconds(seconds));

        assertThat(decision.next().stepIndex()).isEqualTo(stepAfter);
        assertThat(decision.next().phase()).isEqualTo(phase);
        assertThat(decision.next().message()).endsWith(messageEnd);
        if (!ready) {
            assertThat(decision.next().canaryWeight()).as("no weight for a canary that is not Ready").isZero();
        }
    }
}
