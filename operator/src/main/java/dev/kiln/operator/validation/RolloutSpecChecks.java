package dev.kiln.operator.validation;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.RolloutStep;
import dev.kiln.operator.rollout.Durations;

import java.util.List;

/**
 * What spec.rollout asks that this operator version cannot do yet, refused with the field and the fix rather
 * than half done: mirror steps (setting the shadow variables would restart the stable pods) and the agreement
 * metric (it needs shadow traffic) are not wired into the reconcile loop; provider prometheus measures
 * PromQL queries only (metrics of type prometheus). Durations are checked here
 * too, so a bad one never reaches the planner.
 */
final class RolloutSpecChecks {

    private RolloutSpecChecks() {
    }

    static void check(RolloutSpec rollout, List<SpecProblem> problems) {
        if (rollout == null) {
            return;
        }
        if (rollout.steps != null) {
            for (int i = 0; i < rollout.steps.size(); i++) {
                RolloutStep step = rollout.steps.get(i);
                String field = "spec.rollout.steps[" + i + "]";
                if (step.mirror != null) {
                    problems.add(new SpecProblem(field + ".mirror", "shadow traffic is not supported by this "
                            + "operator version yet; remove the step and judge the canary with setWeight and "
                            + "analysis steps"));
                }
                if (step.pause != null && step.pause.duration != null) {
                    duration(step.pause.duration, field + ".pause.duration", problems);
                }
            }
        }
        AnalysisSpec analysis = rollout.analysis;
        if (analysis == null) {
            return;
        }
        if (analysis.interval != null) {
            duration(analysis.interval, "spec.rollout.analysis.interval", problems);
        }
        if (analysis.metrics != null) {
            for (int i = 0; i < analysis.metrics.size(); i++) {
                if (analysis.metrics.get(i).type == MetricSpec.Type.agreement) {
                    problems.add(new SpecProblem("spec.rollout.analysis.metrics[" + i + "].type", "type agreement "
                            + "compares shadow traffic, which is not supported by this operator version yet; use "
                            + "latency or errorRate"));
                }
                MetricSpec.Type type = analysis.metrics.get(i).type;
                if (analysis.provider == AnalysisSpec.Provider.prometheus && type != MetricSpec.Type.prometheus) {
                    problems.add(new SpecProblem("spec.rollout.analysis.metrics[" + i + "].type", "with provider "
                            + "prometheus every metric is a PromQL query: write this " + type + " metric as type "
                            + "prometheus with a query, or use provider pods (the default)"));
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
