package dev.kiln.operator.plan;

import dev.kiln.operator.placement.PlacementVerdict;
import dev.kiln.operator.resources.KilnLabels.Track;
import dev.kiln.operator.rollout.RolloutDecision;
import dev.kiln.operator.target.ServingTarget;
import dev.kiln.operator.validation.SpecProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to do next for one ModelDeployment, decided purely from its spec, status and observed objects. The
 * reconciler carries it out through one resource class per kind and the status aggregator reports it.
 *
 * @param revision          the revision the spec asks for
 * @param problems          semantic spec errors; when present nothing is created, changed or deleted
 * @param target            where the revision runs; empty when the spec is invalid
 * @param optimization      how the revision's optimization stands (running when a Job is to be started); null
 *                          when the spec is invalid
 * @param startOptimization create an optimization Job for {@code revision} at the current generation
 * @param stableRevision    the revision serving traffic after this decision; null when none yet
 * @param deploy            the Deployment to create or bring up to date, built fully from the current spec
 * @param scaleStable       an older stable revision that keeps serving untouched but for its replica count
 * @param deleteDeployments Deployments of revisions that are neither stable nor wanted
 * @param cancelJobs        running optimization Jobs of revisions the spec no longer asks for
 * @param serviceRevision   the revision the stable Service routes to; empty before anything serves
 * @param placement         where the revision's pods go, or why they wait or cannot; empty when the spec is
 *                          invalid for another reason
 * @param rollout           the canary walk's decision, when spec.rollout.steps drives the new revision; its
 *                          actions are carried out by the reconciler and its state goes to status.rollout
 * @param serviceSelectsAllRevisions the Service selects the serving pods of every revision (replica-ratio
 *                          traffic while the canary has weight), not only serviceRevision's
 * @param routing           the per-track Services and the HTTPRoute weights
 */
public record Decision(String revision, List<SpecProblem> problems, Optional<ServingTarget> target,
                       OptimizationProgress optimization, boolean startOptimization, String stableRevision,
                       Optional<ServingRevision> deploy, Optional<StableScale> scaleStable,
                       List<String> deleteDeployments, List<String> cancelJobs, Optional<String> serviceRevision,
                       Optional<PlacementVerdict> placement, Optional<RolloutDecision> rollout,
                       boolean serviceSelectsAllRevisions, TrackRouting routing) {

    /** A decision without a canary walk (blue/green). */
    public Decision(String revision, List<SpecProblem> problems, Optional<ServingTarget> target,
                    OptimizationProgress optimization, boolean startOptimization, String stableRevision,
                    Optional<ServingRevision> deploy, Optional<StableScale> scaleStable,
                    List<String> deleteDeployments, List<String> cancelJobs, Optional<String> serviceRevision,
                    Optional<PlacementVerdict> placement) {
        this(revision, problems, target, optimization, startOptimization, stableRevision, deploy, scaleStable,
                deleteDeployments, cancelJobs, serviceRevision, placement, Optional.empty(), false, TrackRouting.NONE);
    }

    public Decision {
        problems = List.copyOf(problems);
        deleteDeployments = List.copyOf(deleteDeployments);
        cancelJobs = List.copyOf(cancelJobs);
    }

    /** An invalid spec changes nothing: the stable revision, if any, keeps serving as it is. */
    public static Decision invalid(String revision, List<SpecProblem> problems, String stableRevision) {
        return new Decision(revision, problems, Optional.empty(), null, false, stableRevision, Optional.empty(),
                Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    /** The accelerator class cannot be used: invalid like a bad spec, with the placement verdict saying why. */
    public static Decision invalidPlacement(String revision, List<SpecProblem> otherProblems,
                                            PlacementVerdict.Invalid verdict, String stableRevision) {
        List<SpecProblem> problems = new ArrayList<>(otherProblems);
        String field = "spec.serving.accelerator";
        String message = verdict.message().startsWith(field + ": ")
                ? verdict.message().substring(field.length() + 2) : verdict.message();
        problems.add(new SpecProblem(field, message));
        return new Decision(revision, problems, Optional.empty(), null, false, stableRevision, Optional.empty(),
                Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.of(verdict));
    }

    public boolean isInvalid() {
        return !problems.isEmpty();
    }

    /**
     * A revision to run as a Deployment.
     *
     * @param modelFile the served artifact, relative to the revision's folder on the artifacts volume
     * @param digest    the artifact's sha256, recorded on the Deployment
     * @param replicas  replicas to run; null for spec.serving.replicas (a canary runs its share of them)
     */
    public record ServingRevision(String revision, Track track, String modelFile, String digest, Integer replicas) {

        public ServingRevision(String revision, Track track, String modelFile, String digest) {
            this(revision, track, modelFile, digest, null);
        }
    }

    /** The previous stable Deployment, by name, at the replica count the spec asks for. */
    public record StableScale(String deploymentName, int replicas) {
    }
}
