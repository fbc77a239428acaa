package dev.kiln.operator.plan;

import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.RolloutSpec;
import dev.kiln.operator.resources.CanaryRouteBuilder;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.resources.ResourceNames;
import dev.kiln.operator.resources.ShadowConfigBuilder;
import dev.kiln.operator.rollout.ManualControl;
import dev.kiln.operator.rollout.ReplicaSplit;
import dev.kiln.operator.rollout.ReplicaTraffic;
import dev.kiln.operator.rollout.RolloutAction;
import dev.kiln.operator.rollout.RolloutDecision;
import dev.kiln.operator.rollout.RolloutObservation;
import dev.kiln.operator.rollout.RolloutPlanner;
import dev.kiln.operator.rollout.RolloutState;
import dev.kiln.operator.rollout.RouteState;
import dev.kiln.operator.rollout.ScheduledScaleDown;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The canary walk's share of a decision: reads what the rollout planner needs from the observed Deployments and
 * Service (replicas traffic) or HTTPRoute (gatewayAPI traffic), asks {@link RolloutPlanner}, and turns its state
 * into replica counts, the Service's selection and the revisions that must be kept running.
 */
final class CanaryWalk {

    /**
     * @param rollout           the planner's decision
     * @param stableRevision    the stable revision after this round (the canary once promoted)
     * @param canaryReplicas    replicas of the spec's revision while it is not stable; null when it is stable
     * @param stableReplicas    replicas of a stable revision that is not the spec's; null to leave it as it is
     * @param serviceSelectsAll the Service selects every revision's serving pods
     * @param keep              revisions whose Deployments must not be deleted (pending scale-downs)
     */
    record Outcome(RolloutDecision rollout, String stableRevision, Integer canaryReplicas, Integer stableReplicas,
                   boolean serviceSelectsAll, Set<String> keep) {
    }

    private CanaryWalk() {
    }

    /**
     * The canary walk drives a ModelDeployment that has a stable revision and either has steps or is in the
     * middle of a rollout (a rollout to finish, or a scale-down still due); otherwise blue/green applies.
     */
    static boolean applies(ModelDeployment md, String stable, RolloutState state) {
        RolloutSpec spec = md.getSpec().rollout;
        if (stable == null || spec == null) {
            return false;
        }
        return !spec.steps.isEmpty() || state.active() || !state.scaleDowns().isEmpty();
    }

    /**
     * @param revision   the spec's revision
     * @param servable   its optimization succeeded, so it can run as the canary
     * @param stable     status.stableRevision (not null)
     * @param total      spec.serving.replicas
     */
    static Outcome plan(ModelDeployment md, ObservedState observed, RolloutState state, String revision,
                        boolean servable, String stable, int total, Optional<List<MetricResult>> measurement,
                        Instant now) {
        boolean gateway = GatewayTraffic.enabled(md);
        ReplicaTraffic current = ReplicaTraffic.of(state.desiredWeight(), state.canaryWeight(), total);
        Deployment canaryDeployment = observed.deploymentFor(revision).orElse(null);
        Deployment stableDeployment = observed.deploymentFor(stable).orElse(null);
        int readyCanary = revision.equals(stable) ? 0 : ready(canaryDeployment);
        boolean canaryReady;
        boolean trafficApplied;
        Integer achievedWeight;
        if (gateway) {
            // The canary runs all its replicas from the start: the route, not the pod count, sets its share.
            canaryReady = !revision.equals(stable) && BlueGreen.isFullyReady(canaryDeployment, total);
            RouteState route = RouteState.of(observed.route(ResourceNames.route(md)),
                    CanaryRouteBuilder.weights(md, state.canaryWeight()));
            trafficApplied = route.applied();
            achievedWeight = route.achievedWeight();
        } else {
            int readyStable = ready(stableDeployment);
            boolean selectsCanaryNow = serviceSelectsAllNow(md, observed);
            canaryReady = !revision.equals(stable) && BlueGreen.isFullyReady(canaryDeployment, current.canaryReplicas());
            trafficApplied = current.applied(readyCanary, readyStable, selectsCanaryNow);
            achievedWeight = ReplicaTraffic.achievedWeight(readyCanary, readyStable, selectsCanaryNow);
        }
        // Mirroring is in effect once the shadow ConfigMap holds what the state asks (the kubelet and the runtime
        // pick it up within their sync periods; agreement stays Inconclusive until comparisons arrive).
        boolean mirrorApplied = ShadowConfigBuilder.inEffect(ShadowConfigBuilder.desired(md, state, stable),
                observed.shadowConfig());
        // The weight the Ready canary pods can carry, in both modes: with gatewayAPI the canary runs all replicas,
        // so this is its Ready share of them.
        RolloutObservation observation = new RolloutObservation(stable, servable ? revision : null, canaryReady,
                ReplicaSplit.carriedWeight(readyCanary, total), trafficApplied && mirrorApplied, achievedWeight, measurement,
                ManualControl.fromAnnotations(md.getMetadata().getAnnotations()));
        RolloutDecision decision = RolloutPlanner.plan(md.getSpec().rollout, state, observation, now);
        RolloutState next = decision.next();

        boolean promoted = decision.actions().stream().anyMatch(a -> a instanceof RolloutAction.Promote);
        String newStable = promoted ? revision : stable;
        Set<String> keep = new HashSet<>();
        next.scaleDowns().forEach(d -> keep.add(d.revision()));

        Integer canaryReplicas = null;
        Integer stableReplicas = null;
        boolean selectsAll;
        boolean rollingOut = next.active() && revision.equals(next.canaryRevision());
        if (rollingOut && gateway) {
            // Both tracks at full size; the main Service stays on stable (clients that bypass the gateway).
            canaryReplicas = total;
            stableReplicas = total;
            selectsAll = false;
        } else if (rollingOut) {
            ReplicaTraffic traffic = ReplicaTraffic.of(next.desiredWeight(), next.canaryWeight(), total);
            canaryReplicas = traffic.canaryReplicas();
            stableReplicas = traffic.stableReplicas();
            selectsAll = traffic.serviceSelectsCanary();
        } else {
            if (!revision.equals(newStable)) {
                // Rolled back or not started: the canary keeps its pods until its scale-down is due, then none;
                // it is not deleted, so kiln.dev/retry can bring it back.
                boolean pending = next.scaleDowns().stream().map(ScheduledScaleDown::revision).anyMatch(revision::equals);
                canaryReplicas = pending ? Math.max(1, desiredReplicas(canaryDeployment)) : 0;
                stableReplicas = total;
            }
            // Never leave the Service without Ready pods while an older revision still runs: after a rollback
            // from setWeight 100 (stable at 0 pods) or a promotion, it selects every revision until the stable
            // revision has a Ready pod.
            int readyNewStable = ready(observed.deploymentFor(newStable).orElse(null));
            selectsAll = readyNewStable == 0 && !keep.isEmpty();
        }
        return new Outcome(decision, newStable, canaryReplicas, stableReplicas, selectsAll, keep);
    }

    /** The live Service selects by deployment only, not by revision: both tracks receive traffic. */
    private static boolean serviceSelectsAllNow(ModelDeployment md, ObservedState observed) {
        return observed.services().stream()
                .filter(s -> s.getMetadata().getName().equals(ResourceNames.service(md)))
                .findFirst()
                .map(Service::getSpec)
                .map(spec -> spec.getSelector() != null && !spec.getSelector().containsKey(KilnLabels.REVISION))
                .orElse(false);
    }

    private static int ready(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null) {
            return 0;
        }
        return deployment.getStatus().getReadyReplicas();
    }

    private static int desiredReplicas(Deployment deployment) {
        return deployment == null || deployment.getSpec().getReplicas() == null ? 0 : deployment.getSpec().getReplicas();
    }
}
