package dev.kiln.operator.status;

import dev.kiln.contract.LatencyMillis;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.VariantSummary;
import dev.kiln.operator.api.OptimizationStatus;
import dev.kiln.operator.api.VariantStatus;
import dev.kiln.operator.plan.OptimizationProgress;

import java.util.ArrayList;
import java.util.Objects;

/** Turns the optimizer's summary, as read from the Job, into status.optimization. */
public final class OptimizationStatusMapper {

    private OptimizationStatusMapper() {
    }

    /**
     * @param previous the status so far; kept as it is when the progress is only remembered from it (the
     *                 Job is gone), so the variants reported earlier stay
     */
    public static OptimizationStatus map(String revision, OptimizationProgress progress, OptimizationStatus previous) {
        if (progress.summary() == null && previous != null && revision.equals(previous.revision)
                && Objects.equals(progress.jobName(), previous.jobName) && previous.outcome != null
                && !progress.isRunning()) {
            return previous;
        }
        OptimizationStatus status = new OptimizationStatus();
        status.revision = revision;
        status.jobName = progress.jobName();
        status.generation = progress.generation();
        status.outcome = progress.outcome() == null ? null : progress.outcome().name();
        status.message = progress.message();
        status.artifactPath = progress.artifactPath();
        status.artifactDigest = progress.artifactDigest();
        OptimizationSummary summary = progress.summary();
        if (summary != null) {
            status.selected = summary.selected();
            status.reason = summary.reason();
            status.omittedVariants = summary.omittedVariants();
            if (summary.artifact() != null && progress.isServable()) {
                status.artifactSizeBytes = summary.artifact().sizeBytes();
            }
            if (summary.variants() != null) {
                summary.variants().forEach(v -> status.variants.add(variant(v)));
            }
        }
        return status;
    }

    static VariantStatus variant(VariantSummary summary) {
        VariantStatus variant = new VariantStatus();
        variant.name = summary.name();
        variant.candidate = summary.candidate();
        variant.passes = summary.passes() == null ? new ArrayList<>() : new ArrayList<>(summary.passes());
        variant.sizeBytes = summary.sizeBytes();
        LatencyMillis latency = summary.latencyMillis();
        if (latency != null) {
            variant.latencyP50Millis = decimal(latency.p50());
            variant.latencyP99Millis = decimal(latency.p99());
        }
        variant.accuracy = summary.accuracy() == null ? null : decimal(summary.accuracy());
        variant.agreement = summary.agreement() == null ? null : decimal(summary.agreement());
        variant.meetsGoals = summary.meetsGoals();
        variant.missed = summary.missed() == null ? new ArrayList<>() : new ArrayList<>(summary.missed());
        return variant;
    }

    private static String decimal(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
