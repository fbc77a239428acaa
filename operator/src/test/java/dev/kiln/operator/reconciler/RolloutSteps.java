package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.RolloutStep;

/** Rollout steps for the operator-loop tests, one line each. */
final class RolloutSteps {

    private RolloutSteps() {
    }

    static RolloutStep weight(int percent) {
        RolloutStep step = new RolloutStep();
        step.setWeight = percent;
        return step;
    }

    static RolloutStep analysis(int count) {
        RolloutStep step = new RolloutStep();
        step.analysis = new RolloutStep.Analysis();
        step.analysis.count = count;
        return step;
    }
}
