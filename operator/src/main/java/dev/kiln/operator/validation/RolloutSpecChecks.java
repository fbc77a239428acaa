package dev.kiln.operator.validation;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.api.RolloutStep;
import dev.kiln.operator.rollout.Durations;

import java.util.List;

/**
 * Rollout settings the schema cannot check, refused with the field and the fix: durations must parse, so a bad
 * one never reaches the planner.
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
