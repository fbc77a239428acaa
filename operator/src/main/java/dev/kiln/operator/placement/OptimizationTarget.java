package dev.kiln.operator.placement;

import dev.kiln.contract.OptimizationPlan;

import java.util.List;
import java.util.Optional;

/**
 * What an accelerator class means for the optimization Job: the passes {@code auto} expands to (FP16 on
 * GPUs, INT8 on CPUs and NPUs, as the class says), where latency is measured, and whether the Job runs on
 * the class's nodes.
 *
 * @param executionProvider provider the Job measures latency with
 * @param autoPasses        passes auto expands to; null lets the optimizer choose for the provider
 * @param jobPlacement      the class to place the Job on, when it measures on the class; else the Job runs
 *                          on CPU
 */
public record OptimizationTarget(String executionProvider, List<String> autoPasses,
                                 Optional<AcceleratorProfile> jobPlacement) {

    static final String CPU = "cpu";

    public static OptimizationTarget of(AcceleratorProfile profile) {
        List<String> passes = profile.autoPasses().isEmpty() ? null : profile.autoPasses();
        if (profile.measureOnClass()) {
            return new OptimizationTarget(profile.executionProvider(), passes, Optional.of(profile));
        }
        return new OptimizationTarget(CPU, passes, Optional.empty());
    }

    /** The plan with this target's provider and auto passes; everything else as it was. */
    public OptimizationPlan applyTo(OptimizationPlan plan) {
        return new OptimizationPlan(plan.apiVersion(), plan.model(), plan.candidates(), plan.passes(),
                plan.calibration(), plan.validation(), plan.goals(), executionProvider, plan.threads(), autoPasses,
                plan.artifactCompression());
    }
}
