package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.Verdict;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.rollout.RolloutAction.ClearAnnotation;
import dev.kiln.operator.rollout.RolloutAction.IgnoreAnnotation;
import dev.kiln.operator.rollout.RolloutAction.Promote;
import dev.kiln.operator.rollout.RolloutAction.ReportFailedMeasurement;
import dev.kiln.operator.rollout.RolloutAction.RollBack;
import dev.kiln.operator.rollout.RolloutAction.ScaleDown;
import dev.kiln.operator.rollout.RolloutAction.SetCanaryWeight;
import dev.kiln.operator.rollout.RolloutAction.StartMirror;
import dev.kiln.operator.rollout.RolloutAction.StopMirror;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.kiln.operator.rollout.RolloutDriver.spec;
import static org.assertj.core.api.Assertions.assertThat;

class RolloutPlannerTest {

    // --- setWeight ---------------------------------------------------------------------------------------

    @Test
    void setWeightHoldsZeroUntilCanaryPodsAreReadyThenWaitsForTheTrafficLayer() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.ready = false;

        RolloutDecision first = d.round();
        assertThat(first.actions()).isEmpty();
        assertThat(d.state.canaryRevision()).isEqualTo("r2");
        assertThat(d.state.desiredWeight()).isEqualTo(10);
        assertThat(d.state.canaryWeight()).isZero();
        assertThat(d.state.message()).isEqualTo("step 1/2 (setWeight 10): waiting for the canary pods to be Ready "
                + "(canary weight held at 0)");

        d.ready = true;
        RolloutDecision second = d.advanceSeconds(10).round();
        assertThat(second.actions()).containsExactly(new SetCanaryWeight(10));
        assertThat(d.state.stepIndex()).as("a weight requested this round is not in effect yet").isZero();

        d.applied = false;
        d.advanceSeconds(5).round();
        assertThat(d.state.stepIndex()).isZero();
        assertThat(d.state.message()).endsWith("waiting for canary weight 10 to take effect");

        d.applied = true;
        d.advanceSeconds(5).round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
    }

    @Test
    void weightDropsToZeroWhenCanaryPodsStopBeingReadyAndComesBack() {
        RolloutDriver d = new RolloutDriver(spec("w20,p"));
        d.round();
        d.round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
        assertThat(d.state.canaryWeight()).isEqualTo(20);

        d.ready = false;
        assertThat(d.round().actions()).containsExactly(new SetCanaryWeight(0));
        assertThat(d.state.desiredWeight()).isEqualTo(20);

        d.ready = true;
        assertThat(d.round().actions()).containsExactly(new SetCanaryWeight(20));
    }

    @Test
    void consecutiveStepsThatAreAlreadyDoneCompleteInOneRound() {
        RolloutDriver d = new RolloutDriver(spec("w0,p0s,w30,p"));
        d.round();
        // w0 needs no change, p0s is over at once, w30 is requested and waits to take effect
        assertThat(d.state.stepIndex()).isEqualTo(2);
        assertThat(d.decisions.get(0).actions()).containsExactly(new SetCanaryWeight(30));
    }

    // --- pause -------------------------------------------------------------------------------------------

    @Test
    void pauseWithDurationEndsAfterItAndAsksToBeWokenThen() {
        RolloutDriver d = new RolloutDriver(spec("w10,p2m,w50"));
        d.round();
        d.advanceSeconds(1).round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
        assertThat(d.decisions.get(1).requeueAfter()).contains(Duration.ofMinutes(2));

        d.advanceSeconds(119).round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
        assertThat(d.decisions.get(2).requeueAfter()).contains(Duration.ofSeconds(1));

        RolloutDecision done = d.advanceSeconds(1).round();
        assertThat(d.state.stepIndex()).isEqualTo(2);
        assertThat(done.actions()).containsExactly(new SetCanaryWeight(50));
    }

    @Test
    void pauseWithoutDurationHoldsPastTheDeadlineUntilPromoted() {
        RolloutDriver d = new RolloutDriver(spec("w10,p,w50"));
        d.round();
        d.round();
        d.advance(Duration.ofHours(5)).round();
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(d.state.message()).isEqualTo("step 2/3 (pause): paused until kiln.dev/promote: \"true\"");
        assertThat(d.decisions.get(2).actions()).isEmpty();

        d.control = new ManualControl(true, false, false);
        RolloutDecision promoted = d.round();
        assertThat(promoted.actions()).containsExactly(new SetCanaryWeight(100), new Promote("r2", "r1"),
                new ClearAnnotation(ManualControl.PROMOTE));
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Promoted);
        assertThat(d.state.message()).isEqualTo("promoted by kiln.dev/promote at step 2/3 (pause)");
    }

    // --- mirror ------------------------------------------------------------------------------------------

    @Test
    void mirrorStartsAndStaysOnUntilPromotion() {
        RolloutDriver d = new RolloutDriver(spec("m0.25,p1m,w50"));
        assertThat(d.round().actions()).containsExactly(new StartMirror(0.25));
        assertThat(d.state.stepIndex()).isZero();
        d.round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
        assertThat(d.state.mirrorFraction()).isEqualTo(0.25);

        d.advanceSeconds(60).round();
        d.round();
        assertThat(d.allActions()).containsExactly(new StartMirror(0.25), new SetCanaryWeight(50),
                new SetCanaryWeight(100), new StopMirror(), new Promote("r2", "r1"));
    }

    @Test
    void mirrorToAnUnreadyCanaryWaits() {
        RolloutDriver d = new RolloutDriver(spec("m0.1,p"));
        d.ready = false;
        d.round();
        d.round();
        assertThat(d.state.stepIndex()).isZero();
        assertThat(d.state.message()).endsWith("waiting for the canary pods to be Ready to receive mirrored requests");
    }

    // --- analysis ----------------------------------------------------------------------------------------

    @Test
    void analysisStepPassesAfterConsecutiveSuccesses() {
        RolloutDriver d = new RolloutDriver(spec("w10,a,w50,p"));
        d.round();
        d.round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
        assertThat(RolloutPlanner.nextMeasurementAt(d.spec, d.state)).contains(d.now.plusSeconds(30));

        d.advanceSeconds(30).measure(Verdict.Successful);
        assertThat(d.state.stepIndex()).isEqualTo(1);
        assertThat(d.state.message()).isEqualTo("step 2/4 (analysis): analysis: 1 of 2 conclusive measurements");
        assertThat(RolloutPlanner.nextMeasurementAt(d.spec, d.state)).contains(d.now.plusSeconds(30));

        RolloutDecision passed = d.advanceSeconds(30).measure(Verdict.Successful);
        assertThat(d.state.stepIndex()).isEqualTo(2);
        assertThat(passed.actions()).containsExactly(new SetCanaryWeight(50));
        assertThat(d.state.lastAnalysis()).hasSize(2);
    }

    @Test
    void analysisFailuresUpToTheLimitRollBackNamingMetricValueThresholdAndSamples() {
        RolloutDriver d = new RolloutDriver(spec("w10,a3,w50"));
        d.round();
        d.round();

        RolloutDecision firstFailure = d.advanceSeconds(30).measure(Verdict.Failed);
        assertThat(firstFailure.actions()).hasSize(2).allMatch(a -> a instanceof ReportFailedMeasurement);
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Progressing);

        d.advanceSeconds(30).measure(Verdict.Successful);
        RolloutDecision rollback = d.advanceSeconds(30).measure(Verdict.Failed);

        String message = "metric p99 failed 2 time(s), failureLimit 2, at step 2/3 (analysis): latency p99 of canary "
                + "410 ms exceeds max 250 ms (400 samples)";
        assertThat(rollback.actions()).containsSubsequence(new SetCanaryWeight(0),
                new RollBack("r2", RolloutPlanner.REASON_ANALYSIS_FAILED, message));
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.RolledBack);
        assertThat(d.state.message()).isEqualTo(message);
        assertThat(d.state.scaleDowns()).containsExactly(new ScheduledScaleDown("r2", d.now.plusSeconds(30)));
        assertThat(d.stable).isEqualTo("r1");
    }

    @Test
    void inconclusiveAnalysisWaitsThenFailsAtTheDeadline() {
        RolloutDriver d = new RolloutDriver(spec("w10,a,w50"));
        d.round();
        d.round();
        for (int i = 0; i < 9; i++) {
            d.advanceSeconds(30).measure(Verdict.Inconclusive);
            assertThat(d.state.phase()).isEqualTo(RolloutPhase.Progressing);
        }
        assertThat(d.state.message()).contains("p99 inconclusive: latency p99: canary served 3 requests");
        assertThat(d.allActions()).containsExactly(new SetCanaryWeight(10));

        RolloutDecision deadline = d.advanceSeconds(31).measure(Verdict.Inconclusive);

        assertThat(d.state.phase()).isEqualTo(RolloutPhase.RolledBack);
        assertThat(d.state.reason()).isEqualTo(RolloutPlanner.REASON_DEADLINE);
        assertThat(d.state.message()).startsWith("step 2/3 (analysis) did not complete within "
                + "progressDeadlineSeconds 300: analysis: 0 of 2 conclusive measurements; p99 inconclusive");
        assertThat(deadline.actions()).first().isEqualTo(new SetCanaryWeight(0));
    }

    @Test
    void conclusiveMeasurementsPushTheDeadlineBack() {
        RolloutDriver d = new RolloutDriver(spec("w10,a4"));
        d.spec.analysis.consecutiveSuccesses = 1;
        d.round();
        d.round();
        // 4 conclusive measurements 200 s apart take 800 s, more than the 300 s deadline, and pass.
        for (int i = 0; i < 4; i++) {
            d.advanceSeconds(200).measure(Verdict.Successful);
        }
        assertThat(d.stable).isEqualTo("r2");
    }

    @Test
    void backgroundAnalysisFailsTheRolloutDuringAPause() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.spec.analysis.background = true;
        d.spec.analysis.failureLimit = 1;
        d.round();
        d.round();
        assertThat(RolloutPlanner.nextMeasurementAt(d.spec, d.state)).isPresent();
        d.advanceSeconds(30).measure(Verdict.Successful);
        assertThat(d.state.backgroundAnalysis().measurements()).isEqualTo(1);

        d.advanceSeconds(30).measure(Verdict.Failed);

        assertThat(d.state.phase()).isEqualTo(RolloutPhase.RolledBack);
        assertThat(d.state.reason()).isEqualTo(RolloutPlanner.REASON_ANALYSIS_FAILED);
        assertThat(d.state.message()).startsWith("metric p99 failed 1 time(s), failureLimit 1, at step 2/2 (pause)");
    }

    @Test
    void measurementsOutsideAnalysisAreIgnoredWithoutBackground() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.round();
        d.round();
        assertThat(RolloutPlanner.nextMeasurementAt(d.spec, d.state)).isEmpty();
        d.measure(Verdict.Failed);
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(d.state.lastAnalysis()).isEmpty();
    }

    // --- a whole rollout ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "restart before every round: {0}")
    @ValueSource(booleans = {false, true})
    void goodCanaryWalks10And50AndIsPromotedThenOldStableScaledDownAfterTheDelay(boolean restart) {
        RolloutDriver d = new RolloutDriver(spec("w10,a,w50,a,w100"));
        d.restartEachRound = restart;
        d.round();
        d.advanceSeconds(5).round();
        d.advanceSeconds(30).measure(Verdict.Successful);
        d.advanceSeconds(30).measure(Verdict.Successful);
        d.advanceSeconds(5).round();
        d.advanceSeconds(30).measure(Verdict.Successful);
        d.advanceSeconds(30).measure(Verdict.Successful);
        RolloutDecision promoted = d.advanceSeconds(5).round();

        assertThat(d.allActions()).containsExactly(new SetCanaryWeight(10), new SetCanaryWeight(50),
                new SetCanaryWeight(100), new Promote("r2", "r1"));
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Promoted);
        assertThat(d.state.message()).isEqualTo("revision r2 passed all 5 steps");
        assertThat(promoted.requeueAfter()).contains(Duration.ofSeconds(30));

        assertThat(d.advanceSeconds(29).round().actions())
                .as("once r2 serves as stable, the canary track is empty").containsExactly(new SetCanaryWeight(0));
        assertThat(d.state.canaryWeight()).isZero();
        assertThat(d.advanceSeconds(1).round().actions()).containsExactly(new ScaleDown("r1"));
        assertThat(d.state.scaleDowns()).isEmpty();
        assertThat(d.round().actions()).isEmpty();
    }

    @Test
    void restartInTheMiddleKeepsStepAndCounters() {
        RolloutDriver d = new RolloutDriver(spec("w10,a3,w50"));
        d.spec.analysis.consecutiveSuccesses = 1;
        d.round();
        d.round();
        d.advanceSeconds(30).measure(Verdict.Successful);
        d.advanceSeconds(30).measure(Verdict.Failed);

        RolloutState restored = RolloutDriver.throughStatusJson(d.state);

        assertThat(restored).isEqualTo(d.state);
        assertThat(restored.stepIndex()).isEqualTo(1);
        assertThat(restored.stepAnalysis().tally("p99").failures()).isEqualTo(1);
        assertThat(restored.stepAnalysis().measurements()).isEqualTo(2);
    }

    // --- manual control ----------------------------------------------------------------------------------

    @Test
    void abortRollsBackAtOnceAndLeavesStableAlone() {
        RolloutDriver d = new RolloutDriver(spec("m0.1,w30,p"));
        d.round();
        d.round();
        d.round();
        d.control = new ManualControl(false, true, false);

        RolloutDecision abort = d.round();

        String message = "rollout of r2 aborted by kiln.dev/abort at step 3/3 (pause)";
        assertThat(abort.actions()).containsExactly(new SetCanaryWeight(0), new StopMirror(),
                new RollBack("r2", RolloutPlanner.REASON_ABORTED, message), new ClearAnnotation(ManualControl.ABORT));
        assertThat(d.state.canaryWeight()).isZero();
        assertThat(d.state.reason()).isEqualTo(RolloutPlanner.REASON_ABORTED);

        d.advanceSeconds(30).round();
        assertThat(d.allActions()).contains(new ScaleDown("r2")).doesNotContain(new ScaleDown("r1"));
        assertThat(d.allActions()).noneMatch(a -> a instanceof Promote);
        assertThat(d.stable).isEqualTo("r1");
    }

    @Test
    void promoteWaitsForReadyCanaryKeepingTheAnnotation() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.ready = false;
        d.control = new ManualControl(true, false, false);
        assertThat(d.round().actions()).isEmpty();
        assertThat(d.control.promote()).isTrue();

        d.ready = true;
        assertThat(d.round().actions()).containsExactly(new SetCanaryWeight(100), new Promote("r2", "r1"),
                new ClearAnnotation(ManualControl.PROMOTE));
    }

    @Test
    void retryRestartsARolledBackRevisionFromTheFirstStepWithFreshCounters() {
        RolloutDriver d = new RolloutDriver(spec("w10,a,w50"));
        d.spec.analysis.failureLimit = 1;
        d.round();
        d.round();
        d.advanceSeconds(30).measure(Verdict.Failed);
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.RolledBack);

        d.advanceSeconds(10);
        d.control = new ManualControl(false, false, true);
        RolloutDecision retry = d.round();

        assertThat(retry.actions()).containsExactly(new SetCanaryWeight(10), new ClearAnnotation(ManualControl.RETRY));
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(d.state.stepIndex()).isZero();
        assertThat(d.state.stepAnalysis().measurements()).isZero();
        assertThat(d.state.scaleDowns()).as("the retried canary is not scaled down").isEmpty();

        d.advanceSeconds(60).round();
        assertThat(d.decisions.get(d.decisions.size() - 1).actions()).doesNotContain(new ScaleDown("r2"));
    }

    @Test
    void rolledBackRevisionStaysRolledBackWithoutRetry() {
        RolloutDriver d = new RolloutDriver(spec("w10,a"));
        d.spec.analysis.failureLimit = 1;
        d.round();
        d.round();
        d.advanceSeconds(30).measure(Verdict.Failed);
        d.advanceSeconds(600).round();
        d.round();
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.RolledBack);
        assertThat(d.allActions()).filteredOn(a -> a instanceof SetCanaryWeight)
                .containsExactly(new SetCanaryWeight(10), new SetCanaryWeight(0));
    }

    @Test
    void annotationsThatDoNotApplyAreClearedWithAReason() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.round();
        d.control = new ManualControl(false, false, true);
        assertThat(d.round().actions()).containsExactly(new IgnoreAnnotation(ManualControl.RETRY,
                "kiln.dev/retry ignored: the rollout is still in progress"));

        d.control = new ManualControl(false, true, false);
        d.round();
        d.control = new ManualControl(true, false, false);
        assertThat(d.round().actions()).containsExactly(new IgnoreAnnotation(ManualControl.PROMOTE,
                "kiln.dev/promote ignored: the canary was rolled back; set kiln.dev/retry first"));
    }

    // --- deadline and spec.rollout.paused ----------------------------------------------------------------

    @Test
    void canaryThatNeverBecomesReadyFailsAtTheDeadline() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.ready = false;
        RolloutDecision first = d.round();
        assertThat(first.requeueAfter()).contains(Duration.ofSeconds(301));
        d.advanceSeconds(300).round();
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Progressing);

        RolloutDecision late = d.advanceSeconds(1).round();

        assertThat(late.actions()).containsExactly(new RollBack("r2", RolloutPlanner.REASON_DEADLINE,
                "step 1/2 (setWeight 10) did not complete within progressDeadlineSeconds 300: waiting for the canary "
                        + "pods to be Ready (canary weight held at 0)"));
    }

    @Test
    void pausedSpecHoldsTheStepAndStopsTheDeadlineClock() {
        RolloutDriver d = new RolloutDriver(spec("w10,p1m,w50"));
        d.round();
        d.round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
        d.spec.paused = true;
        d.advanceSeconds(30).round();
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(d.state.message()).isEqualTo("held by spec.rollout.paused at step 2/3 (pause 1m)");

        d.advance(Duration.ofHours(2)).round();
        assertThat(d.state.stepIndex()).isEqualTo(1);
        assertThat(d.decisions.get(3).requeueAfter()).isEmpty();

        d.spec.paused = false;
        d.round();
        assertThat(d.state.stepIndex()).as("30 s of the pause step remain").isEqualTo(1);
        d.advanceSeconds(30).round();
        assertThat(d.state.stepIndex()).isEqualTo(2);
        d.round();
        d.advanceSeconds(400).round();
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Promoted);
    }

    @Test
    void abortStillWorksWhilePaused() {
        RolloutDriver d = new RolloutDriver(spec("w10,p1m"));
        d.spec.paused = true;
        d.round();
        d.control = new ManualControl(false, true, false);
        d.round();
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.RolledBack);
    }

    // --- revisions ---------------------------------------------------------------------------------------

    @Test
    void firstRevisionBecomesStableOnceReady() {
        RolloutDriver d = new RolloutDriver(spec("w10,a,w50"));
        d.stable = null;
        d.canary = "r1";
        d.ready = false;
        d.round();
        assertThat(d.state.message()).isEqualTo("waiting for the pods of r1 to be Ready before it takes over");
        d.ready = true;
        assertThat(d.round().actions()).containsExactly(new SetCanaryWeight(100), new Promote("r1", null));
        assertThat(d.state.scaleDowns()).isEmpty();
        assertThat(d.state.message()).isEqualTo("revision r1 took over: it is the first revision");
    }

    @Test
    void withoutStepsTheNewRevisionTakesOverOnceReady() {
        RolloutDriver d = new RolloutDriver(spec(""));
        d.round();
        assertThat(d.decisions.get(0).actions()).containsExactly(new SetCanaryWeight(100), new Promote("r2", "r1"));
        assertThat(d.state.scaleDowns()).containsExactly(new ScheduledScaleDown("r1", d.now.plusSeconds(30)));
    }

    @Test
    void aNewRevisionMidRolloutReplacesTheCanary() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.round();
        d.round();
        d.canary = "r3";

        RolloutDecision replaced = d.round();

        assertThat(replaced.actions()).containsExactly(new SetCanaryWeight(0), new SetCanaryWeight(10));
        assertThat(d.state.canaryRevision()).isEqualTo("r3");
        assertThat(d.state.stepIndex()).isZero();
        assertThat(d.state.scaleDowns()).containsExactly(new ScheduledScaleDown("r2", d.now.plusSeconds(30)));
    }

    @Test
    void theNextRevisionAfterAPromotionStartsFromZero() {
        RolloutDriver d = new RolloutDriver(spec("w10,w50"));
        d.round();
        d.round();
        d.round();
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Promoted);
        d.round();
        assertThat(d.state.canaryWeight()).isZero();

        d.canary = "r3";
        RolloutDecision next = d.advanceSeconds(60).round();

        assertThat(next.actions()).containsExactly(new SetCanaryWeight(10), new ScaleDown("r1"));
        assertThat(d.state.canaryRevision()).isEqualTo("r3");
        assertThat(d.state.stepIndex()).isZero();
    }

    @Test
    void specBackAtTheStableRevisionStopsTheCanary() {
        RolloutDriver d = new RolloutDriver(spec("w10,p"));
        d.round();
        d.round();
        d.canary = "r1";
        assertThat(d.round().actions()).containsExactly(new SetCanaryWeight(0));
        assertThat(d.state.phase()).isEqualTo(RolloutPhase.Superseded);
        assertThat(d.state.message()).isEqualTo("revision r2 is no longer the spec's revision; its rollout stopped");
        assertThat(d.advanceSeconds(30).round().actions()).containsExactly(new ScaleDown("r2"));
    }

    @Test
    void noCanaryYetMeansNothingToDo() {
        RolloutDriver d = new RolloutDriver(spec("w10"));
        d.canary = null;
        RolloutDecision decision = d.round();
        assertThat(decision.actions()).isEmpty();
        assertThat(decision.next()).isEqualTo(RolloutState.NONE);
        assertThat(decision.requeueAfter()).isEqualTo(Optional.empty());
    }

    @Test
    void failedMeasurementsAreReportedForEvents() {
        RolloutDriver d = new RolloutDriver(spec("w10,a"));
        d.round();
        d.round();
        RolloutDecision decision = d.round(Optional.of(List.of(RolloutDriver.result("p99", Verdict.Failed),
                RolloutDriver.result("errors", Verdict.Successful))));
        assertThat(decision.actions()).containsExactly(
                new ReportFailedMeasurement(RolloutDriver.result("p99", Verdict.Failed)));
    }
}
