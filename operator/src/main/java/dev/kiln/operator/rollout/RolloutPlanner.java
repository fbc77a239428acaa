package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.AnalysisRun;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.analysis.Verdict;
import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.RolloutStep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides the next rollout state and actions from the spec, the state in status, what the reconciler observes
 * and the time. Pure: the same inputs give the same decision, so a restarted operator continues where the last
 * one stopped.
 *
 * <p>Steps are walked in order; several can complete in one round (a weight already in effect, a pause that
 * has ended). A step waits, and the progress deadline counts, while canary pods are not Ready, the traffic
 * layer has not applied a new weight, or an analysis has no conclusive measurement. Pause steps and
 * spec.rollout.paused stop the deadline clock.
 */
public final class RolloutPlanner {

    public static final String REASON_ANALYSIS_FAILED = "AnalysisFailed";
    public static final String REASON_ABORTED = "Aborted";
    public static final String REASON_DEADLINE = "ProgressDeadlineExceeded";
    public static final String REASON_PROMOTED = "Promoted";
    public static final String REASON_SUPERSEDED = "Superseded";
    public static final String REASON_PROGRESSING = "Progressing";
    public static final String REASON_PAUSED = "Paused";

    private static final Duration MIN_REQUEUE = Duration.ofSeconds(1);

    private RolloutPlanner() {
    }

    public static RolloutDecision plan(RolloutSpec spec, RolloutState state, RolloutObservation observed, Instant now) {
        return new Round(spec, state != null ? state : RolloutState.NONE, observed, now).decide();
    }

    /** When the next analysis measurement is due; empty when no analysis is running. */
    public static Optional<Instant> nextMeasurementAt(RolloutSpec spec, RolloutState state) {
        if (!state.active() || spec.analysis == null || state.stepStartedAt() == null) {
            return Optional.empty();
        }
        boolean stepAnalysis = state.stepIndex() < spec.steps.size()
                && spec.steps.get(state.stepIndex()).analysis != null;
        if (!stepAnalysis && !Boolean.TRUE.equals(spec.analysis.background)) {
            return Optional.empty();
        }
        Instant from = state.lastMeasurementAt() != null ? state.lastMeasurementAt() : state.stepStartedAt();
        return Optional.of(from.plus(interval(spec.analysis)));
    }

    /** spec.rollout.analysis.interval, parsed. */
    public static Duration interval(AnalysisSpec analysis) {
        return Durations.parse(analysis.interval != null ? analysis.interval : "30s", "spec.rollout.analysis.interval");
    }

    /** One planning round: a working copy of the state and the actions collected. */
    private static final class Round {
        private final RolloutSpec spec;
        private final RolloutObservation observed;
        private final Instant now;
        private final RolloutState.Builder s;
        private final List<RolloutAction> actions = new ArrayList<>();
        /** A weight or mirror change requested this round cannot be in effect yet. */
        private boolean trafficChanged;
        /** The stable revision once this round's actions are applied. */
        private String stableAfter;

        Round(RolloutSpec spec, RolloutState state, RolloutObservation observed, Instant now) {
            this.spec = spec;
            this.observed = observed;
            this.now = now;
            this.s = state.toBuilder();
            this.stableAfter = observed.stableRevision();
        }

        RolloutDecision decide() {
            followRevision();
            manualControl();
            if (active()) {
                progress();
            } else if (s.phase == RolloutPhase.Promoted && s.canaryRevision.equals(observed.stableRevision())) {
                // Promotion applied: the revision serves as stable now, and the canary track is empty.
                s.desiredWeight = 0;
                setWeight(0);
            }
            s.achievedWeight = observed.achievedWeight();
            scaleDownDue();
            RolloutState next = s.build();
            return new RolloutDecision(next, actions, requeueAfter(next));
        }

        // --- which revision rolls out -------------------------------------------------------------------

        private void followRevision() {
            String target = observed.canaryRevision();
            if (target != null && target.equals(observed.stableRevision())) {
                target = null;
            }
            if (active() && !Objects.equals(target, s.canaryRevision)) {
                String old = s.canaryRevision;
                stopTraffic();
                scheduleScaleDown(old);
                s.phase = RolloutPhase.Superseded;
                s.reason = REASON_SUPERSEDED;
                s.message = target == null
                        ? "revision " + old + " is no longer the spec's revision; its rollout stopped"
                        : "revision " + old + " was replaced by " + target + " before its rollout finished";
            }
            boolean restart = target != null && target.equals(s.canaryRevision) && s.phase == RolloutPhase.Superseded;
            if (target != null && (!target.equals(s.canaryRevision) || restart)) {
                start(target);
            }
        }

        private void start(String revision) {
            List<ScheduledScaleDown> keep = new ArrayList<>(s.scaleDowns);
            keep.removeIf(d -> d.revision().equals(revision));
            RolloutState.Builder fresh = new RolloutState.Builder();
            fresh.canaryRevision = revision;
            fresh.phase = RolloutPhase.Progressing;
            fresh.reason = REASON_PROGRESSING;
            fresh.stepStartedAt = now;
            fresh.lastProgressAt = now;
            fresh.scaleDowns = keep;
            // Traffic still pointing at a previous canary has been stopped by followRevision.
            fresh.canaryWeight = s.canaryWeight;
            fresh.mirrorFraction = s.mirrorFraction;
            copy(fresh);
            if (!directTakeover()) {
                enterStep();
            }
        }

        private void copy(RolloutState.Builder from) {
            s.canaryRevision = from.canaryRevision;
            s.phase = from.phase;
            s.stepIndex = from.stepIndex;
            s.desiredWeight = from.desiredWeight;
            s.canaryWeight = from.canaryWeight;
            s.mirrorFraction = from.mirrorFraction;
            s.stepStartedAt = from.stepStartedAt;
            s.lastProgressAt = from.lastProgressAt;
            s.pausedAt = from.pausedAt;
            s.lastMeasurementAt = from.lastMeasurementAt;
            s.stepAnalysis = from.stepAnalysis;
            s.backgroundAnalysis = from.backgroundAnalysis;
            s.lastAnalysis = from.lastAnalysis;
            s.reason = from.reason;
            s.message = from.message;
            s.scaleDowns = from.scaleDowns;
        }

        /** The first revision has nothing to compare with, and no steps means blue/green: promote once Ready. */
        private boolean directTakeover() {
            return observed.stableRevision() == null || spec.steps.isEmpty();
        }

        // --- annotations ---------------------------------------------------------------------------------

        private void manualControl() {
            ManualControl control = observed.control();
            if (control.abort()) {
                if (active()) {
                    rollBack(REASON_ABORTED, "rollout of " + s.canaryRevision + " aborted by " + ManualControl.ABORT
                            + " at " + stepName());
                    actions.add(new RolloutAction.ClearAnnotation(ManualControl.ABORT));
                } else {
                    ignore(ManualControl.ABORT, "no rollout is in progress");
                }
            }
            if (control.retry()) {
                if (s.phase == RolloutPhase.RolledBack && s.canaryRevision != null
                        && s.canaryRevision.equals(observed.canaryRevision())) {
                    start(s.canaryRevision);
                    actions.add(new RolloutAction.ClearAnnotation(ManualControl.RETRY));
                } else {
                    ignore(ManualControl.RETRY, active() ? "the rollout is still in progress"
                            : "there is no rolled-back revision that is still the spec's revision");
                }
            }
            if (control.promote()) {
                if (!active()) {
                    ignore(ManualControl.PROMOTE, s.phase == RolloutPhase.RolledBack
                            ? "the canary was rolled back; set " + ManualControl.RETRY + " first"
                            : "no rollout is in progress");
                } else if (observed.canaryReady()) {
                    promote("promoted by " + ManualControl.PROMOTE + " at " + stepName());
                    actions.add(new RolloutAction.ClearAnnotation(ManualControl.PROMOTE));
                }
                // Not Ready yet: the annotation stays and is acted on once the canary pods are Ready.
            }
        }

        private void ignore(String key, String why) {
            actions.add(new RolloutAction.IgnoreAnnotation(key, key + " ignored: " + why));
        }

        // --- walking the steps ---------------------------------------------------------------------------

        private void progress() {
            if (directTakeover()) {
                if (Boolean.TRUE.equals(spec.paused)) {
                    hold();
                } else if (observed.canaryReady()) {
                    promote("revision " + s.canaryRevision + " took over: "
                            + (observed.stableRevision() == null ? "it is the first revision" : "no canary steps"));
                } else {
                    s.phase = RolloutPhase.Progressing;
                    s.reason = REASON_PROGRESSING;
                    s.message = "waiting for the pods of " + s.canaryRevision + " to be Ready before it takes over";
                }
                return;
            }
            if (recordMeasurement()) {
                return;
            }
            gateWeight();
            if (Boolean.TRUE.equals(spec.paused)) {
                hold();
                return;
            }
            resume();
            walk();
        }

        private void hold() {
            if (s.pausedAt == null) {
                s.pausedAt = now;
            }
            s.phase = RolloutPhase.Paused;
            s.reason = REASON_PAUSED;
            s.message = "held by spec.rollout.paused at " + stepName();
        }

        private void resume() {
            if (s.pausedAt != null) {
                Duration held = Duration.between(s.pausedAt, now);
                s.stepStartedAt = s.stepStartedAt.plus(held);
                s.lastProgressAt = s.lastProgressAt.plus(held);
                s.pausedAt = null;
            }
            s.phase = RolloutPhase.Progressing;
        }

        private void walk() {
            for (int guard = 0; guard <= spec.steps.size(); guard++) {
                if (s.stepIndex >= spec.steps.size()) {
                    if (observed.canaryReady()) {
                        promote("revision " + s.canaryRevision + " passed all " + spec.steps.size() + " steps");
                    } else {
                        waiting("all steps passed; waiting for the canary pods to be Ready to promote");
                    }
                    return;
                }
                Optional<String> waitingFor = waitingFor(spec.steps.get(s.stepIndex));
                if (waitingFor.isEmpty()) {
                    s.stepIndex++;
                    s.stepStartedAt = now;
                    s.lastProgressAt = now;
                    enterStep();
                    continue;
                }
                RolloutStep step = spec.steps.get(s.stepIndex);
                if (step.pause == null && deadlinePassed()) {
                    rollBack(REASON_DEADLINE, stepName() + " did not complete within progressDeadlineSeconds "
                            + deadline().toSeconds() + ": " + waitingFor.get());
                    return;
                }
                waiting(waitingFor.get());
                if (step.pause != null && step.pause.duration == null) {
                    s.phase = RolloutPhase.Paused;
                    s.reason = REASON_PAUSED;
                }
                return;
            }
        }

        private void enterStep() {
            if (s.stepIndex >= spec.steps.size()) {
                return;
            }
            RolloutStep step = spec.steps.get(s.stepIndex);
            if (step.setWeight != null) {
                s.desiredWeight = step.setWeight;
                gateWeight();
            } else if (step.mirror != null) {
                double fraction = step.mirror.fraction != null ? step.mirror.fraction : 0;
                setMirror(fraction);
            } else if (step.analysis != null) {
                s.stepAnalysis = AnalysisRun.NEW;
                if (spec.analysis == null || !Boolean.TRUE.equals(spec.analysis.background)) {
                    // The first window of this step starts with it.
                    s.lastMeasurementAt = null;
                }
            }
        }

        /** Empty when the step is complete; otherwise what it waits for. */
        private Optional<String> waitingFor(RolloutStep step) {
            if (step.setWeight != null) {
                if (step.setWeight > 0 && s.canaryWeight < s.desiredWeight) {
                    return Optional.of("waiting for the canary pods to be Ready (canary weight held at "
                            + s.canaryWeight + ")");
                }
                if (trafficChanged || !observed.trafficApplied()) {
                    return Optional.of("waiting for canary weight " + s.canaryWeight + " to take effect");
                }
                return Optional.empty();
            }
            if (step.mirror != null) {
                if (s.mirrorFraction > 0 && !observed.canaryReady()) {
                    return Optional.of("waiting for the canary pods to be Ready to receive mirrored requests");
                }
                if (trafficChanged || !observed.trafficApplied()) {
                    return Optional.of("waiting for mirroring of " + s.mirrorFraction + " to take effect");
                }
                return Optional.empty();
            }
            if (step.pause != null) {
                if (step.pause.duration == null) {
                    return Optional.of("paused until " + ManualControl.PROMOTE + ": \"true\"");
                }
                Instant end = s.stepStartedAt.plus(Durations.parse(step.pause.duration,
                        "spec.rollout.steps[" + s.stepIndex + "].pause.duration"));
                return now.isBefore(end) ? Optional.of("pausing until " + end) : Optional.empty();
            }
            if (step.analysis != null) {
                return analysisWaitingFor(step.analysis);
            }
            return Optional.of("step sets none of setWeight, pause, analysis or mirror");
        }

        private Optional<String> analysisWaitingFor(RolloutStep.Analysis step) {
            if (spec.analysis == null) {
                return Optional.of("spec.rollout.analysis is missing; an analysis step needs its metrics");
            }
            int required = requiredMeasurements(step);
            if (s.stepAnalysis.outcome(spec.analysis, required) == AnalysisRun.Outcome.Passed) {
                return Optional.empty();
            }
            StringBuilder why = new StringBuilder("analysis: ").append(s.stepAnalysis.conclusiveMeasurements())
                    .append(" of ").append(required).append(" conclusive measurements");
            for (MetricResult result : s.lastAnalysis) {
                if (result.verdict() == Verdict.Inconclusive) {
                    why.append("; ").append(result.metric()).append(" inconclusive: ").append(result.message());
                }
            }
            return Optional.of(why.toString());
        }

        private int requiredMeasurements(RolloutStep.Analysis step) {
            if (step.count != null) {
                return step.count;
            }
            return spec.analysis.consecutiveSuccesses != null ? spec.analysis.consecutiveSuccesses : 1;
        }

        // --- analysis ------------------------------------------------------------------------------------

        /** Records a measurement into the step and background runs; true when it rolled the canary back. */
        private boolean recordMeasurement() {
            if (observed.measurement().isEmpty() || spec.analysis == null) {
                return false;
            }
            boolean inStep = s.stepIndex < spec.steps.size() && spec.steps.get(s.stepIndex).analysis != null;
            boolean background = Boolean.TRUE.equals(spec.analysis.background);
            if (!inStep && !background) {
                return false;
            }
            List<MetricResult> results = observed.measurement().get();
            s.lastAnalysis = results;
            s.lastMeasurementAt = now;
            for (MetricResult result : results) {
                if (result.verdict() == Verdict.Failed) {
                    actions.add(new RolloutAction.ReportFailedMeasurement(result));
                }
            }
            if (inStep) {
                s.stepAnalysis = s.stepAnalysis.record(results);
                if (results.stream().noneMatch(r -> r.verdict() == Verdict.Inconclusive)) {
                    s.lastProgressAt = now;
                }
            }
            if (background) {
                s.backgroundAnalysis = s.backgroundAnalysis.record(results);
            }
            Optional<String> failed = s.stepAnalysis.failedMetric(spec.analysis)
                    .or(() -> s.backgroundAnalysis.failedMetric(spec.analysis));
            if (failed.isEmpty()) {
                return false;
            }
            String metric = failed.get();
            int failures = Math.max(s.stepAnalysis.tally(metric).failures(), s.backgroundAnalysis.tally(metric).failures());
            String detail = results.stream().filter(r -> r.metric().equals(metric)).map(MetricResult::message)
                    .findFirst().orElse("");
            rollBack(REASON_ANALYSIS_FAILED, "metric " + metric + " failed " + failures + " time(s), failureLimit "
                    + spec.analysis.failureLimit + ", at " + stepName() + ": " + detail);
            return true;
        }

        // --- traffic -------------------------------------------------------------------------------------

        /**
         * Canary weight never goes above what its Ready pods carry: the step's weight once they are all Ready; while
         * the canary scales up for a higher step, the weight it already carries (dropping it to 0 would hand the
         * whole load to a stable that already gave up pods for it); 0 when its Ready pods no longer carry that.
         */
        private void gateWeight() {
            int carried = observed.canaryReadyWeight();
            int kept = Math.min(s.canaryWeight, s.desiredWeight);
            setWeight(observed.canaryReady() && s.desiredWeight <= carried ? s.desiredWeight : kept <= carried ? kept : 0);
        }

        private void setWeight(int weight) {
            if (weight != s.canaryWeight) {
                s.canaryWeight = weight;
                actions.add(new RolloutAction.SetCanaryWeight(weight));
                trafficChanged = true;
            }
        }

        private void setMirror(double fraction) {
            if (fraction == s.mirrorFraction) {
                return;
            }
            s.mirrorFraction = fraction;
            actions.add(fraction > 0 ? new RolloutAction.StartMirror(fraction) : new RolloutAction.StopMirror());
            trafficChanged = true;
        }

        private void stopTraffic() {
            s.desiredWeight = 0;
            setWeight(0);
            setMirror(0);
        }

        // --- endings -------------------------------------------------------------------------------------

        private void promote(String message) {
            String previousStable = observed.stableRevision();
            s.desiredWeight = 100;
            setWeight(100);
            setMirror(0);
            actions.add(new RolloutAction.Promote(s.canaryRevision, previousStable));
            if (previousStable != null && !previousStable.equals(s.canaryRevision)) {
                scheduleScaleDown(previousStable);
            }
            stableAfter = s.canaryRevision;
            s.phase = RolloutPhase.Promoted;
            s.reason = REASON_PROMOTED;
            s.message = message;
            s.pausedAt = null;
        }

        private void rollBack(String reason, String message) {
            stopTraffic();
            actions.add(new RolloutAction.RollBack(s.canaryRevision, reason, message));
            scheduleScaleDown(s.canaryRevision);
            s.phase = RolloutPhase.RolledBack;
            s.reason = reason;
            s.message = message;
            s.pausedAt = null;
        }

        private void scheduleScaleDown(String revision) {
            if (revision == null) {
                return;
            }
            s.scaleDowns.removeIf(d -> d.revision().equals(revision));
            int delay = spec.scaleDownDelaySeconds != null ? spec.scaleDownDelaySeconds : 30;
            s.scaleDowns.add(new ScheduledScaleDown(revision, now.plusSeconds(delay)));
        }

        private void scaleDownDue() {
            List<ScheduledScaleDown> pending = new ArrayList<>();
            for (ScheduledScaleDown scaleDown : s.scaleDowns) {
                boolean serving = scaleDown.revision().equals(stableAfter)
                        || (active() && scaleDown.revision().equals(s.canaryRevision));
                if (serving) {
                    continue; // never scale down what serves: a retried canary, or a revision that is stable again
                }
                if (!now.isBefore(scaleDown.at())) {
                    actions.add(new RolloutAction.ScaleDown(scaleDown.revision()));
                } else {
                    pending.add(scaleDown);
                }
            }
            s.scaleDowns = pending;
        }

        // --- helpers -------------------------------------------------------------------------------------

        private boolean active() {
            return s.phase == RolloutPhase.Progressing || s.phase == RolloutPhase.Paused;
        }

        private void waiting(String message) {
            s.phase = RolloutPhase.Progressing;
            s.reason = REASON_PROGRESSING;
            s.message = stepName() + ": " + message;
        }

        private Duration deadline() {
            return Duration.ofSeconds(spec.progressDeadlineSeconds != null ? spec.progressDeadlineSeconds : 600);
        }

        private boolean deadlinePassed() {
            return now.isAfter(s.lastProgressAt.plus(deadline()));
        }

        private String stepName() {
            if (spec.steps.isEmpty() || s.stepIndex >= spec.steps.size()) {
                return "the end of the steps";
            }
            RolloutStep step = spec.steps.get(s.stepIndex);
            String kind;
            if (step.setWeight != null) {
                kind = "setWeight " + step.setWeight;
            } else if (step.mirror != null) {
                kind = "mirror " + step.mirror.fraction;
            } else if (step.pause != null) {
                kind = step.pause.duration != null ? "pause " + step.pause.duration : "pause";
            } else {
                kind = "analysis";
            }
            return "step " + (s.stepIndex + 1) + "/" + spec.steps.size() + " (" + kind + ")";
        }

        private Optional<Duration> requeueAfter(RolloutState next) {
            List<Instant> due = new ArrayList<>();
            next.scaleDowns().forEach(d -> due.add(d.at()));
            if (next.active() && next.pausedAt() == null && next.stepIndex() < spec.steps.size()
                    && !directTakeover()) {
                RolloutStep step = spec.steps.get(next.stepIndex());
                if (step.pause != null && step.pause.duration != null) {
                    due.add(next.stepStartedAt().plus(Durations.parse(step.pause.duration,
                            "spec.rollout.steps[" + next.stepIndex() + "].pause.duration")));
                }
                if (step.pause == null) {
                    due.add(next.lastProgressAt().plus(deadline()).plusSeconds(1));
                }
            }
            if (!directTakeover()) {
                nextMeasurementAt(spec, next).ifPresent(due::add);
            }
            return due.stream().min(Comparator.naturalOrder()).map(at -> {
                Duration wait = Duration.between(now, at);
                return wait.compareTo(MIN_REQUEUE) < 0 ? MIN_REQUEUE : wait;
            });
        }
    }
}
