package dev.kiln.operator.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.analysis.Verdict;
import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.RolloutStatus;
import dev.kiln.operator.api.RolloutStep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives the planner round by round the way the reconciler will: the state goes to status (as JSON, when
 * restarting) and back between rounds, time moves, and the reconciler's observations are set by the test.
 */
final class RolloutDriver {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    final RolloutSpec spec;
    RolloutState state = RolloutState.NONE;
    Instant now = T0;
    String stable = "r1";
    String canary = "r2";
    boolean ready = true;
    boolean applied = true;
    ManualControl control = ManualControl.NONE;
    /** Simulate an operator restart before every round: only what status holds survives. */
    boolean restartEachRound;
    final List<RolloutDecision> decisions = new ArrayList<>();

    RolloutDriver(RolloutSpec spec) {
        this.spec = spec;
    }

    /**
     * Steps from a compact form: w10 setWeight 10, p pause until promoted, p30s pause 30s, a analysis,
     * a3 analysis with count 3, m0.2 mirror 0.2.
     */
    static RolloutSpec spec(String steps) {
        RolloutSpec spec = new RolloutSpec();
        for (String token : steps.isBlank() ? new String[0] : steps.split(",")) {
            RolloutStep step = new RolloutStep();
            char kind = token.charAt(0);
            String arg = token.substring(1);
            switch (kind) {
                case 'w' -> step.setWeight = Integer.parseInt(arg);
                case 'p' -> {
                    step.pause = new RolloutStep.Pause();
                    step.pause.duration = arg.isEmpty() ? null : arg;
                }
                case 'a' -> {
                    step.analysis = new RolloutStep.Analysis();
                    step.analysis.count = arg.isEmpty() ? null : Integer.parseInt(arg);
                }
                case 'm' -> {
                    step.mirror = new RolloutStep.Mirror();
                    step.mirror.fraction = Double.parseDouble(arg);
                }
                default -> throw new IllegalArgumentException(token);
            }
            spec.steps.add(step);
        }
        spec.analysis = new AnalysisSpec();
        spec.analysis.interval = "30s";
        spec.analysis.failureLimit = 2;
        spec.analysis.consecutiveSuccesses = 2;
        spec.analysis.metrics.add(metric("p99"));
        spec.analysis.metrics.add(metric("errors"));
        spec.progressDeadlineSeconds = 300;
        spec.scaleDownDelaySeconds = 30;
        return spec;
    }

    private static MetricSpec metric(String name) {
        MetricSpec metric = new MetricSpec();
        metric.name = name;
        metric.type = MetricSpec.Type.latency;
        metric.max = 250.0;
        return metric;
    }

    static MetricResult result(String metric, Verdict verdict) {
        return switch (verdict) {
            case Successful -> new MetricResult(metric, verdict, 120.0, 110.0, "<= 250 ms", 400,
                    "latency p99 of canary 120 ms within <= 250 ms (400 samples)");
            case Failed -> new MetricResult(metric, verdict, 410.0, 110.0, "<= 250 ms", 400,
                    "latency p99 of canary 410 ms exceeds max 250 ms (400 samples)");
            case Inconclusive -> new MetricResult(metric, verdict, null, null, "<= 250 ms", 3,
                    "latency p99: canary served 3 requests, fewer than minSamples 20");
        };
    }

    /** Both metrics with the same verdict. */
    static List<MetricResult> both(Verdict verdict) {
        return List.of(result("p99", verdict), result("errors", verdict));
    }

    RolloutDecision round() {
        return round(Optional.empty());
    }

    RolloutDecision measure(Verdict verdict) {
        return round(Optional.of(both(verdict)));
    }

    RolloutDecision round(Optional<List<MetricResult>> measurement) {
        if (restartEachRound) {
            state = throughStatusJson(state);
        }
        RolloutObservation observation = new RolloutObservation(stable, canary, ready, applied, null, measurement,
                control);
        RolloutDecision decision = RolloutPlanner.plan(spec, state, observation, now);
        decisions.add(decision);
        state = decision.next();
        for (RolloutAction action : decision.actions()) {
            if (action instanceof RolloutAction.Promote promote) {
                stable = promote.revision();
            } else if (action instanceof RolloutAction.ClearAnnotation) {
                control = ManualControl.NONE;
            } else if (action instanceof RolloutAction.IgnoreAnnotation) {
                control = ManualControl.NONE;
            }
        }
        return decision;
    }

    RolloutDriver advance(Duration by) {
        now = now.plus(by);
        return this;
    }

    RolloutDriver advanceSeconds(long seconds) {
        return advance(Duration.ofSeconds(seconds));
    }

    static RolloutState throughStatusJson(RolloutState state) {
        try {
            String json = JSON.writeValueAsString(RolloutStatusMapping.toStatus(state));
            return RolloutStatusMapping.fromStatus(JSON.readValue(json, RolloutStatus.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** All actions of all rounds so far, in order. */
    List<RolloutAction> allActions() {
        return decisions.stream().flatMap(d -> d.actions().stream()).toList();
    }
}
