package dev.kiln.operator.validation;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.RolloutStep;
import dev.kiln.operator.rollout.Durations;

import java.util.List;

/**
 * What spec.rollout asks that this operator version cannot do yet, refused with the field and the fix rather
 * than half done: gatewayAPI traffic, the prometheus provider and the prometheus metric type are not wired into
 * the reconcile loop. Durations are checked here
 * too, so a bad one never reaches the planner.
 */
final class RolloutSpecChecks {

    private RolloutSpecChecks() {
    }

    static void check(RolloutSpec rollout, List<SpecProblem> problems) {
        if (rollout == null) {
            return;
        }
        if (rollout.traffic != null && rollout.traffic.gatewayAPI != null) {
            problems.add(new SpecProblem("spec.rollout.traffic.gatewayAPI", "HTTPRoute traffic is not supported by "
                    + "this operator version yet; use traffic.replicas (the default) or remove the steps"));
        }
        if (rollout.steps != null) {
            for (int i = 0; i < rollout.steps.size(); i++) {
                RolloutStep step = rollout.steps.get(i);
                String field = "spec.rollout.steps[" + i + "]";
                if (step.pause != null && step.pause.duration != null) {
                    duration(step.pause.duration, field + ".pause.duration", problems);
                }
            }
        }
        AnalysisSpec analysis = rollout.analysis;
        if (analysis == null) {
            return;
        }
        if (analysis.provider == AnalysisSpec.Provider.prometheus) {
            problems.add(new SpecProblem("spec.rollout.analysis.provider", "provider prometheus is not supported by "
                    + "this operator version yet; use provider pods (the default)"));
        }
        if (analysis.interval != null) {
            duration(analysis.interval, "spec.rollout.analysis.interval", problems);
        }
        if (analysis.metrics != null) {
            for (int i = 0; i < analysis.metrics.size(); i++) {
                if (analysis.metrics.get(i).type == MetricSpec.Type.prometheus) {
                    problems.add(new SpecProblem("spec.rollout.analysis.metrics[" + i + "].type", "type prometheus "
                            + "needs the prometheus provider, which is not supported by this operator version yet; "
                            + "use latency, errorRate or agreement"));
                }
            }
        }
    }

    private static void duration(String text, String field, List<SpecProblem> problems) {
        try {
            Durations.parse(text, field);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            problems.add(new SpecProblem(field, message.startsWith(field + ": ")
                    ? message.substring(field.length() + 2) : message));
        }
    }
}
