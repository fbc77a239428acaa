package dev.kiln.operator.status;

import dev.kiln.contract.Outcome;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentStatus;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.api.PlacementStatus;
import dev.kiln.operator.placement.PlacementConditions;
import dev.kiln.operator.placement.PlacementVerdict;
import dev.kiln.operator.plan.BlueGreen;
import dev.kiln.operator.plan.Decision;
import dev.kiln.operator.plan.ObservedState;
import dev.kiln.operator.plan.OptimizationProgress;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.resources.ResourceNames;
import dev.kiln.operator.validation.SpecProblem;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the whole status from a decision and what was observed: the conditions, the phase (through
 * {@link PhaseFunction}), revisions, optimization results, replica counts and the URL.
 */
public final class StatusAggregator {

    private StatusAggregator() {
    }

    public static ModelDeploymentStatus aggregate(ModelDeployment md, Decision decision, ObservedState observed,
                                                  Instant now) {
        ModelDeploymentStatus previous = md.getStatus() == null ? new ModelDeploymentStatus() : md.getStatus();
        long generation = md.getMetadata().getGeneration() == null ? 0 : md.getMetadata().getGeneration();
        int desired = md.getSpec().serving == null || md.getSpec().serving.replicas == null
                ? 1 : md.getSpec().serving.replicas;

        ModelDeploymentStatus status = new ModelDeploymentStatus();
        status.observedGeneration = generation;
        status.currentRevision = decision.revision();
        status.stableRevision = decision.stableRevision();
        status.rollout = previous.rollout;

        OptimizationProgress progress = decision.optimization();
        if (decision.isInvalid()) {
            status.optimization = previous.optimization;
            status.placement = previous.placement;
        } else {
            status.optimization = OptimizationStatusMapper.map(decision.revision(), progress, previous.optimization);
            status.placement = decision.placement().map(StatusAggregator::placement).orElse(previous.placement);
        }

        Deployment stableDeployment = observed.deploymentFor(decision.stableRevision()).orElse(null);
        int ready = readyReplicas(stableDeployment);
        status.replicas = stableDeployment == null || stableDeployment.getStatus() == null
                || stableDeployment.getStatus().getReplicas() == null ? 0 : stableDeployment.getStatus().getReplicas();
        status.readyReplicas = ready;
        status.ready = ready + "/" + desired;
        if (decision.stableRevision() != null) {
            status.selector = KilnLabels.DEPLOYMENT + "=" + md.getMetadata().getName() + ","
                    + KilnLabels.REVISION + "=" + decision.stableRevision();
            int port = md.getSpec().serving == null || md.getSpec().serving.port == null ? 8080 : md.getSpec().serving.port;
            status.url = "http://" + ResourceNames.service(md) + "." + md.getMetadata().getNamespace() + ".svc:" + port;
        }

        boolean stableReady = stableDeployment != null && BlueGreen.isFullyReady(stableDeployment, desired);
        boolean stalled = decision.isInvalid() || progress.isFailed();
        boolean optimizing = !decision.isInvalid() && progress.isRunning();
        boolean stableIsWanted = decision.stableRevision() != null && decision.stableRevision().equals(decision.revision());
        boolean takeoverPending = !decision.isInvalid() && progress.isServable() && !stableIsWanted;
        Phase phase = PhaseFunction.phase(new PhaseFunction.Facts(stalled, ready > 0, optimizing, takeoverPending,
                stableIsWanted, stableReady, Conditions.isTrue(previous.conditions, ConditionTypes.READY)));
        status.phase = phase;

        List<Condition> fresh = List.of(
                ready(decision, stableDeployment, stableReady, ready, desired),
                reconciling(phase, decision, stalled),
                stalled(decision, progress),
                optimized(decision, progress),
                placed(decision));
        status.conditions = Conditions.merge(previous.conditions, fresh, now, generation);
        return status;
    }

    private static Condition ready(Decision decision, Deployment stable, boolean stableReady, int ready, int desired) {
        if (decision.stableRevision() == null || stable == null) {
            return Conditions.of(ConditionTypes.READY, false, "NotServing", "no revision serves yet");
        }
        String counts = ready + "/" + desired + " replicas of revision " + decision.stableRevision() + " ready";
        return stableReady
                ? Conditions.of(ConditionTypes.READY, true, "Serving", counts)
                : Conditions.of(ConditionTypes.READY, false, "ReplicasNotReady", counts);
    }

    private static Condition reconciling(Phase phase, Decision decision, boolean stalled) {
        if (stalled) {
            return Conditions.of(ConditionTypes.RECONCILING, false, "Stalled", "waiting for a spec change");
        }
        return switch (phase) {
            case Healthy -> Conditions.of(ConditionTypes.RECONCILING, false, "Reconciled",
                    "revision " + decision.revision() + " serves");
            case Optimizing -> Conditions.of(ConditionTypes.RECONCILING, true, "Optimizing",
                    decision.optimization().message());
            case Progressing -> Conditions.of(ConditionTypes.RECONCILING, true, "Progressing",
                    "revision " + decision.revision() + " takes over from " + decision.stableRevision()
                            + " once all its replicas are ready");
            case Deploying -> Conditions.of(ConditionTypes.RECONCILING, true, "Deploying",
                    "waiting for the replicas of revision " + decision.revision() + " to become ready");
            default -> Conditions.of(ConditionTypes.RECONCILING, true, phase.name(),
                    "revision " + decision.revision() + " is " + phase.name().toLowerCase());
        };
    }

    private static Condition stalled(Decision decision, OptimizationProgress progress) {
        if (decision.isInvalid()) {
            return Conditions.of(ConditionTypes.STALLED, true, ConditionTypes.INVALID_SPEC,
                    decision.problems().stream().map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
        if (progress.isFailed()) {
            return Conditions.of(ConditionTypes.STALLED, true, failureReason(progress.outcome()), progress.message());
        }
        return Conditions.of(ConditionTypes.STALLED, false, "AsExpected", "");
    }

    private static Condition optimized(Decision decision, OptimizationProgress progress) {
        if (decision.isInvalid()) {
            return Conditions.unknown(ConditionTypes.OPTIMIZED, ConditionTypes.INVALID_SPEC,
                    "the spec is invalid; see the Stalled condition");
        }
        if (progress.isRunning()) {
            return Conditions.of(ConditionTypes.OPTIMIZED, false, "Optimizing", progress.message());
        }
        if (progress.isServable()) {
            String selected = progress.summary() == null ? "" : "selected " + progress.summary().selected()
                    + ": " + progress.summary().reason();
            return Conditions.of(ConditionTypes.OPTIMIZED, true, "Optimized",
                    selected.isEmpty() ? progress.message() : selected);
        }
        return Conditions.of(ConditionTypes.OPTIMIZED, false, failureReason(progress.outcome()), progress.message());
    }

    static String failureReason(Outcome outcome) {
        return switch (outcome) {
            case GoalsNotMet -> ConditionTypes.GOALS_NOT_MET;
            case ModelUnavailable -> ConditionTypes.MODEL_UNAVAILABLE;
            default -> ConditionTypes.OPTIMIZATION_FAILED;
        };
    }

    private static PlacementStatus placement(PlacementVerdict verdict) {
        if (verdict instanceof PlacementVerdict.Place place) {
            return place.status();
        }
        return verdict instanceof PlacementVerdict.Hold hold ? hold.status() : null;
    }

    /** Placed: whether the wanted revision's pods have room on their accelerator class. */
    private static Condition placed(Decision decision) {
        return decision.placement().map(PlacementConditions::of)
                .orElseGet(() -> Conditions.unknown(PlacementConditions.TYPE, ConditionTypes.INVALID_SPEC,
                        "the spec is invalid; see the Stalled condition"));
    }

    private static int readyReplicas(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null) {
            return 0;
        }
        return deployment.getStatus().getReadyReplicas();
    }
}
