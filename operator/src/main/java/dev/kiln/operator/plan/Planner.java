package dev.kiln.operator.plan;

import dev.kiln.contract.Outcome;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentStatus;
import dev.kiln.operator.api.OptimizationStatus;
import dev.kiln.operator.plan.Decision.ServingRevision;
import dev.kiln.operator.plan.Decision.StableScale;
import dev.kiln.operator.resources.ArtifactLayout;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.resources.ResourceNames;
import dev.kiln.operator.resources.ServingDeploymentBuilder;
import dev.kiln.operator.resources.KilnLabels.Track;
import dev.kiln.operator.revision.RevisionHash;
import dev.kiln.operator.rollout.RolloutState;
import dev.kiln.operator.rollout.RolloutStatusMapping;
import dev.kiln.operator.target.ServingTarget;
import dev.kiln.operator.placement.AcceleratorProfile;
import dev.kiln.operator.placement.PlacementResolver;
import dev.kiln.operator.placement.PlacementVerdict;
import dev.kiln.operator.validation.SpecProblem;
import dev.kiln.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what to do next for a ModelDeployment. Pure: the same spec, status and observed objects always give
 * the same decision, and nothing here talks to the API.
 *
 * <p>The rules: an invalid spec changes nothing. A revision without a successful optimization gets a Job
 * (again only for a newer generation after a failure). A successfully optimized revision gets a Deployment;
 * the first one is stable at once, a later one runs beside the stable one until {@link BlueGreen} says it
 * takes over, or, when spec.rollout has steps, until the canary walk ({@link CanaryWalk}) promotes it. The
 * stable revision is never deleted or changed because of the new one, only scaled.
 */
public final class Planner {

    private final String defaultImage;

    public Planner(String defaultImage) {
        this.defaultImage = defaultImage;
    }

    /**
     * @param now the decision time; the canary walk's timed steps use it, blue/green does not
     */
    public Decision plan(ModelDeployment md, ObservedState observed, Instant now) {
        return plan(md, observed, Optional.empty(), now);
    }

    /**
     * @param measurement the canary analysis measurement taken this round, if one was due
     */
    public Decision plan(ModelDeployment md, ObservedState observed, Optional<List<MetricResult>> measurement,
                         Instant now) {
        ModelDeploymentStatus status = md.getStatus() == null ? new ModelDeploymentStatus() : md.getStatus();
        String stable = status.stableRevision;
        String revision = md.getSpec() == null || md.getSpec().model == null ? null : RevisionHash.of(md.getSpec());
        List<SpecProblem> problems = new ArrayList<>(SpecValidator.validate(md, defaultImage));
        if (revision == null) {
            return Decision.invalid(status.currentRevision, problems, stable);
        }
        int replicas = md.getSpec().serving.replicas == null ? 1 : md.getSpec().serving.replicas;
        Map<String, String> revisionPods = KilnLabels.forRevision(md, revision);
        revisionPods.put(KilnLabels.COMPONENT, KilnLabels.SERVER);
        PlacementVerdict placement = PlacementResolver.resolve(md, replicas, revisionPods, observed.classes(),
                observed.cluster(), observed.acceleratorOf(revision));
        if (placement instanceof PlacementVerdict.Invalid invalid) {
            return Decision.invalidPlacement(revision, problems, invalid, stable);
        }
        if (!problems.isEmpty()) {
            return Decision.invalid(revision, problems, stable);
        }
        long generation = generation(md);
        boolean hold = placement instanceof PlacementVerdict.Hold;
        AcceleratorProfile profile = placement instanceof PlacementVerdict.Place place ? place.profile()
                : ((PlacementVerdict.Hold) placement).profile();
        ServingTarget target = ServingTarget.of(profile, md.getSpec().serving.image, defaultImage);

        OptimizationProgress progress = progress(observed, status.optimization, revision,
                ArtifactLayout.revisionDir(md, revision));
        if (progress == null && revision.equals(stable)) {
            // Back to the serving revision after its Job and status moved on: it needs no new optimization.
            progress = observed.deploymentFor(stable).map(Planner::servedBy).orElse(null);
        }
        boolean start = progress == null || (progress.isFailed() && progress.generation() < generation);
        if (start && hold && profile.measureOnClass() && PlacementResolver.resolve(md, 1, revisionPods,
                observed.classes(), observed.cluster(), profile.name()) instanceof PlacementVerdict.Hold jobHold) {
            // Hold creates nothing that cannot schedule: the Job measures on the class, which has no room.
            start = false;
            progress = OptimizationProgress.waitingForCapacity(
                    ResourceNames.optimizationJob(md, revision, generation), generation, jobHold.shortage());
        }

        RolloutState rolloutState = RolloutStatusMapping.fromStatus(status.rollout);
        boolean heldBack = hold && observed.deploymentFor(revision).isEmpty();
        boolean servable = !start && progress.isServable() && !heldBack;
        Optional<CanaryWalk.Outcome> canary = CanaryWalk.applies(md, stable, rolloutState)
                ? Optional.of(CanaryWalk.plan(md, observed, rolloutState, revision, servable, stable, replicas,
                        measurement, now))
                : Optional.empty();

        Optional<ServingRevision> deploy = Optional.empty();
        Optional<StableScale> scaleStable = Optional.empty();
        String newStable = stable;
        if (canary.isPresent()) {
            newStable = canary.get().stableRevision();
        } else if (servable) {
            boolean firstOrSame = stable == null || stable.equals(revision);
            boolean takesOver = !firstOrSame
                    && BlueGreen.takesOver(observed.deploymentFor(revision).orElse(null), replicas);
            if (firstOrSame || takesOver) {
                newStable = revision;
            }
        }
        if (servable) {
            Track track = revision.equals(newStable) ? Track.stable : Track.canary;
            Integer revisionReplicas = canary.map(CanaryWalk.Outcome::canaryReplicas).orElse(null);
            deploy = Optional.of(new ServingRevision(revision, track, progress.artifactPath(),
                    progress.artifactDigest(), revision.equals(newStable) ? null : revisionReplicas));
        }
        if (newStable != null && !newStable.equals(revision)) {
            int stableReplicas = canary.map(CanaryWalk.Outcome::stableReplicas).orElse(replicas);
            scaleStable = observed.deploymentFor(newStable)
                    .map(d -> new StableScale(d.getMetadata().getName(), stableReplicas));
        }
        Set<String> keep = canary.map(CanaryWalk.Outcome::keep).orElse(Set.of());
        List<String> delete = new ArrayList<>();
        for (Deployment d : observed.deployments()) {
            String owned = ObservedState.label(d, KilnLabels.REVISION);
            boolean wanted = Objects.equals(owned, newStable) || keep.contains(owned)
                    || (deploy.isPresent() && deploy.get().revision().equals(owned));
            if (!wanted) {
                delete.add(d.getMetadata().getName());
            }
        }
        List<String> cancel = observed.jobs().stream()
                .filter(job -> !revision.equals(ObservedState.label(job, KilnLabels.REVISION)))
                .filter(job -> !OptimizationJobReader.isFinished(job))
                .map(job -> job.getMetadata().getName())
                .toList();
        OptimizationProgress reported = start
                ? OptimizationProgress.running(ResourceNames.optimizationJob(md, revision, generation), generation)
                : progress;
        return new Decision(revision, List.of(), Optional.of(target), reported, start, newStable,
                deploy, scaleStable, delete, cancel, Optional.ofNullable(newStable), Optional.of(placement),
                canary.map(CanaryWalk.Outcome::rollout), canary.map(CanaryWalk.Outcome::serviceSelectsAll).orElse(false),
                routing(md, newStable, deploy));
    }

    /**
     * The per-track Services: {@code <name>-canary} whenever the spec's revision runs beside a different stable
     * one (the mirror's target), and in gatewayAPI mode both, as the HTTPRoute's backends. With no canary,
     * {@code <name>-canary} selects the stable revision, so the route's zero-weight backend still resolves.
     */
    static TrackRouting routing(ModelDeployment md, String stable, Optional<ServingRevision> deploy) {
        Optional<String> canary = deploy.map(ServingRevision::revision).filter(r -> !r.equals(stable));
        if (!GatewayTraffic.enabled(md)) {
            return new TrackRouting(Optional.empty(), canary, java.util.OptionalInt.empty());
        }
        Optional<String> stableService = Optional.ofNullable(stable);
        return new TrackRouting(stableService, canary.or(() -> stableService), java.util.OptionalInt.empty());
    }

    /**
     * The newest attempt for the revision: from its Job while the Job exists, otherwise from status (finished
     * Jobs are deleted after a while; their outcome is kept in status.optimization).
     */
    static OptimizationProgress progress(ObservedState observed, OptimizationStatus remembered, String revision,
                                         String revisionDir) {
        List<Job> jobs = observed.jobsFor(revision);
        if (!jobs.isEmpty()) {
            Job latest = jobs.get(0);
            return OptimizationJobReader.read(latest, observed.podsOf(latest), revisionDir);
        }
        if (remembered == null || !revision.equals(remembered.revision) || remembered.outcome == null) {
            return null;
        }
        Outcome outcome;
        try {
            outcome = Outcome.valueOf(remembered.outcome);
        } catch (IllegalArgumentException e) {
            return null; // not written by this operator version: run the optimization again
        }
        long generation = remembered.generation == null ? 0 : remembered.generation;
        if (outcome == Outcome.Succeeded && remembered.artifactPath != null) {
            return new OptimizationProgress(remembered.jobName, generation, outcome, remembered.message, null,
                    remembered.artifactPath, remembered.artifactDigest);
        }
        return OptimizationProgress.failed(remembered.jobName, generation, outcome, remembered.message, null);
    }

    private static OptimizationProgress servedBy(Deployment deployment) {
        var annotations = deployment.getMetadata().getAnnotations();
        String path = annotations == null ? null : annotations.get(ServingDeploymentBuilder.ARTIFACT_PATH);
        if (path == null) {
            return null;
        }
        return new OptimizationProgress(null, 0, Outcome.Succeeded,
                "serving " + path + " from an earlier optimization", null, path,
                annotations.get(ServingDeploymentBuilder.ARTIFACT_DIGEST));
    }

    private static long generation(ModelDeployment md) {
        Long generation = md.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
