package dev.kiln.operator.plan;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentStatus;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutStep;
import dev.kiln.operator.resources.KilnLabels.Track;
import dev.kiln.operator.revision.RevisionHash;
import dev.kiln.operator.rollout.RolloutAction;
import dev.kiln.operator.rollout.RolloutState;
import dev.kiln.operator.rollout.RolloutStatusMapping;
import dev.kiln.operator.rollout.ScheduledScaleDown;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner with spec.rollout.steps: replica counts, the Service's selection and what is kept running. */
class CanaryWalkPlannerTest {

    static final String OLD = "0123456789";
    static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");

    final ModelDeployment md = Fixtures.md("md");
    final String r;
    final List<Job> jobs = new ArrayList<>();
    final List<io.fabric8.kubernetes.api.model.Pod> pods = new ArrayList<>();
    final List<Deployment> deployments = new ArrayList<>();
    final List<io.fabric8.kubernetes.api.model.Service> services = new ArrayList<>();

    CanaryWalkPlannerTest() {
        md.getSpec().serving.replicas = 4;
        RolloutStep half = new RolloutStep();
        half.setWeight = 50;
        RolloutStep hold = new RolloutStep();
        hold.pause = new RolloutStep.Pause();
        md.getSpec().rollout.steps = List.of(half, hold);
        md.getSpec().rollout.scaleDownDelaySeconds = 30;
        r = RevisionHash.of(md.getSpec());
        md.setStatus(new ModelDeploymentStatus());
        md.getStatus().stableRevision = OLD;
        Job job = Fixtures.job("md", r, 1, "Complete");
        jobs.add(job);
        pods.add(Fixtures.pod(job, Fixtures.sampleSummary(), 0));
        deployments.add(Fixtures.deployment("md", OLD, 4, 4));
        service(Map.of("kiln.dev/deployment", "md", "kiln.dev/revision", OLD));
    }

    Decision plan(RolloutState state) {
        md.getStatus().rollout = state == null ? null : RolloutStatusMapping.toStatus(state);
        return new Planner("img").plan(md, new ObservedState(jobs, pods, deployments, services), Optional.empty(), NOW);
    }

    void service(Map<String, String> selector) {
        services.clear();
        services.add(new ServiceBuilder().withNewMetadata().withName("md").endMetadata()
                .withNewSpec().withSelector(selector).endSpec().build());
    }

    @Test
    void newRevisionStartsAsCanaryWithItsPodsBeforeAnyTraffic() {
        Decision d = plan(null);
        assertThat(d.rollout()).isPresent();
        assertThat(d.rollout().get().next().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(d.rollout().get().next().canaryWeight()).isZero();
        assertThat(d.stableRevision()).isEqualTo(OLD);
        assertThat(d.deploy()).hasValueSatisfying(rev -> {
            assertThat(rev.revision()).isEqualTo(r);
            assertThat(rev.track()).isEqualTo(Track.canary);
            assertThat(rev.replicas()).isEqualTo(2);
        });
        assertThat(d.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 4));
        assertThat(d.serviceSelectsAllRevisions()).isFalse();
        assertThat(d.deleteDeployments()).isEmpty();
        assertThat(d.routing().canaryService()).as("the mirror's target exists as soon as the canary runs").hasValue(r);
        assertThat(d.routing().stableService()).as("replicas traffic needs no stable-track Service").isEmpty();
        assertThat(d.routing().routeCanaryWeight()).isEmpty();
    }

    @Test
    void readyCanaryGetsItsWeightStableShrinksAndTheServiceSelectsBoth() {
        RolloutState started = plan(null).rollout().orElseThrow().next();
        deployments.add(Fixtures.deployment("md", r, 2, 2));
        Decision d = plan(started);
        assertThat(d.rollout().get().actions()).contains(new RolloutAction.SetCanaryWeight(50));
        assertThat(d.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 2));
        assertThat(d.serviceSelectsAllRevisions()).isTrue();
        assertThat(d.serviceRevision()).hasValue(OLD);
    }

    /**
     * Found by the sandbox's canary scenario under load: entering setWeight 100 from 25 raised the weight at once
     * (the canary's one pod was Ready for 25), so stable went to 0 pods; the next round saw the canary short of
     * its 4 pods, dropped its weight to 0 and pointed the Service at stable alone, which had no pod left: every
     * request failed until the canary's new pods were Ready.
     */
    @Test
    void aCanaryScalingUpForTheNextStepKeepsTheWeightItCarriesAndStableKeepsItsPods() {
        RolloutStep quarter = new RolloutStep();
        quarter.setWeight = 25;
        RolloutStep all = new RolloutStep();
        all.setWeight = 100;
        md.getSpec().rollout.steps = List.of(quarter, all);
        // given the canary carrying 25% with 1 of 4 pods, stable at 3, the Service selecting both
        RolloutState carrying = canaryCarrying(25, 3, 1, 1);

        // when step 1 completes, step 2 asks for 100%: the canary scales up but keeps 25% until its pods are Ready
        Decision entering = plan(carrying);
        RolloutState next = entering.rollout().orElseThrow().next();
        assertThat(next.stepIndex()).isEqualTo(1);
        assertThat(next.desiredWeight()).isEqualTo(100);
        assertThat(next.canaryWeight()).isEqualTo(25);
        assertThat(entering.deploy().get().replicas()).isEqualTo(4);
        assertThat(entering.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 3));
        assertThat(entering.serviceSelectsAllRevisions()).isTrue();

        // and while 2 of its 4 pods are Ready it still carries 25%, stable keeps 3 pods, the Service both
        deployments.set(1, Fixtures.deployment("md", r, 4, 2));
        Decision scaling = plan(next);
        assertThat(scaling.rollout().get().next().canaryWeight()).isEqualTo(25);
        assertThat(scaling.rollout().get().next().message()).contains("canary weight held at 25");
        assertThat(scaling.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 3));
        assertThat(scaling.serviceSelectsAllRevisions()).isTrue();

        // then with all 4 Ready it gets 100% and only then does stable give up its pods
        deployments.set(1, Fixtures.deployment("md", r, 4, 4));
        Decision full = plan(scaling.rollout().get().next());
        assertThat(full.rollout().get().actions()).contains(new RolloutAction.SetCanaryWeight(100));
        assertThat(full.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 0));
        assertThat(full.serviceSelectsAllRevisions()).isTrue();
    }

    @Test
    void aCanaryWhoseReadyPodsNoLongerCarryItsWeightDropsToZero() {
        // given the canary at 50% with 2 of 4 pods, one of which stops being Ready
        RolloutState carrying = canaryCarrying(50, 2, 2, 0);

        // then with none Ready its weight goes to 0: stable scales back to 4, the Service selects stable alone
        Decision d = plan(carrying);
        assertThat(d.rollout().get().next().canaryWeight()).isZero();
        assertThat(d.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 4));
        assertThat(d.serviceSelectsAllRevisions()).isFalse();
    }

    /** A walk whose canary carries {@code weight} with the given pods, stable at its own, the Service selecting both. */
    private RolloutState canaryCarrying(int weight, int stablePods, int canaryPods, int canaryReady) {
        RolloutState.Builder b = plan(null).rollout().orElseThrow().next().toBuilder();
        b.desiredWeight = weight;
        b.canaryWeight = weight;
        deployments.clear();
        deployments.add(Fixtures.deployment("md", OLD, stablePods, stablePods));
        deployments.add(Fixtures.deployment("md", r, canaryPods, canaryReady));
        service(Map.of("kiln.dev/deployment", "md"));
        return b.build();
    }

    @Test
    void rolledBackCanaryKeepsItsPodsUntilTheScaleDownThenZeroButIsNeverDeleted() {
        RolloutState.Builder b = plan(null).rollout().orElseThrow().next().toBuilder();
        b.phase = RolloutPhase.RolledBack;
        b.reason = "Aborted";
        b.message = "aborted";
        b.scaleDowns = new ArrayList<>(List.of(new ScheduledScaleDown(r, NOW.plusSeconds(10))));
        deployments.add(Fixtures.deployment("md", r, 2, 2));

        Decision pending = plan(b.build());
        assertThat(pending.deploy().get().replicas()).isEqualTo(2);
        assertThat(pending.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 4));
        assertThat(pending.serviceSelectsAllRevisions()).isFalse();
        assertThat(pending.stableRevision()).isEqualTo(OLD);

        b.scaleDowns = new ArrayList<>(List.of(new ScheduledScaleDown(r, NOW.minusSeconds(1))));
        Decision due = plan(b.build());
        assertThat(due.rollout().get().actions()).contains(new RolloutAction.ScaleDown(r));
        assertThat(due.deploy().get().replicas()).isZero();
        assertThat(due.deleteDeployments()).isEmpty();
    }

    @Test
    void afterPromotionTheOldStableRunsUntilItsScaleDownThenGoes() {
        RolloutState.Builder b = plan(null).rollout().orElseThrow().next().toBuilder();
        b.phase = RolloutPhase.Promoted;
        b.canaryWeight = 100;
        b.desiredWeight = 100;
        b.scaleDowns = new ArrayList<>(List.of(new ScheduledScaleDown(OLD, NOW.plusSeconds(10))));
        md.getStatus().stableRevision = r;
        deployments.add(Fixtures.deployment("md", r, 4, 4));
        service(Map.of("kiln.dev/deployment", "md", "kiln.dev/revision", r));

        Decision pending = plan(b.build());
        assertThat(pending.deleteDeployments()).isEmpty();
        assertThat(pending.deploy().get().track()).isEqualTo(Track.stable);
        assertThat(pending.deploy().get().replicas()).isNull();
        assertThat(pending.rollout().get().next().canaryWeight()).isZero();
        assertThat(pending.serviceRevision()).hasValue(r);
        assertThat(pending.serviceSelectsAllRevisions()).isFalse();
        assertThat(pending.routing().canaryService()).as("no canary once promoted").isEmpty();

        b.scaleDowns = new ArrayList<>(List.of(new ScheduledScaleDown(OLD, NOW.minusSeconds(1))));
        assertThat(plan(b.build()).deleteDeployments()).containsExactly("md-" + OLD);
    }

    Decision planWithRoutes(RolloutState state, List<io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute> routes) {
        md.getStatus().rollout = state == null ? null : RolloutStatusMapping.toStatus(state);
        return new Planner("img").plan(md, new ObservedState(jobs, pods, deployments, services).withRoutes(routes),
                Optional.empty(), NOW);
    }

    void gatewayTraffic() {
        md.getSpec().rollout.traffic.gatewayAPI = new dev.kiln.operator.api.TrafficSpec.GatewayApi();
        var parent = new dev.kiln.operator.api.TrafficSpec.ParentRef();
        parent.name = "gw";
        md.getSpec().rollout.traffic.gatewayAPI.parentRefs = List.of(parent);
    }

    @Test
    void gatewayTrafficRunsBothTracksFullSizeAndWeightsTheRouteOnceTheCanaryIsReady() {
        gatewayTraffic();
        Decision started = planWithRoutes(null, List.of());
        assertThat(started.deploy().get().replicas()).as("the canary runs all its replicas").isEqualTo(4);
        assertThat(started.scaleStable()).hasValue(new Decision.StableScale("md-" + OLD, 4));
        assertThat(started.routing().routeCanaryWeight()).hasValue(0);
        assertThat(started.routing().stableService()).hasValue(OLD);
        assertThat(started.routing().canaryService()).hasValue(r);

        deployments.add(Fixtures.deployment("md", r, 4, 4));
        Decision ready = planWithRoutes(started.rollout().orElseThrow().next(), List.of());
        assertThat(ready.rollout().get().actions()).contains(new RolloutAction.SetCanaryWeight(50));
        assertThat(ready.routing().routeCanaryWeight()).hasValue(50);
        assertThat(ready.scaleStable()).as("stable keeps its replicas").hasValue(new Decision.StableScale("md-" + OLD, 4));
        assertThat(ready.serviceSelectsAllRevisions()).as("the main Service stays on stable").isFalse();

        // The route carries 50 but no gateway accepted it: the step waits; accepted, the walk moves on.
        RolloutState asked = ready.rollout().orElseThrow().next();
        Decision waiting = planWithRoutes(asked, List.of(Fixtures.route("md", 50, null, null)));
        assertThat(waiting.rollout().get().next().stepIndex()).isZero();
        Decision accepted = planWithRoutes(asked, List.of(Fixtures.route("md", 50, "True", 4L)));
        assertThat(accepted.rollout().get().next().stepIndex()).isEqualTo(1);
        assertThat(accepted.rollout().get().next().achievedWeight()).isEqualTo(50);
    }

    @Test
    void gatewayTrafficOnAClusterWithoutHttpRoutesIsRefusedAndChangesNothing() {
        gatewayTraffic();
        Decision d = plan(null);
        assertThat(d.isInvalid()).isTrue();
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("spec.rollout.traffic.gatewayAPI");
            assertThat(p.message()).contains("install the Gateway API CRDs").contains("traffic.replicas");
        });
        assertThat(d.deploy()).isEmpty();
        assertThat(d.routing()).isEqualTo(TrackRouting.NONE);
    }

    @Test
    void withoutStepsTheNewRevisionTakesOverBlueGreen() {
        md.getSpec().rollout.steps = List.of();
        deployments.add(Fixtures.deployment("md", RevisionHash.of(md.getSpec()), 4, 4));
        jobs.clear();
        pods.clear();
        Job job = Fixtures.job("md", RevisionHash.of(md.getSpec()), 1, "Complete");
        jobs.add(job);
        pods.add(Fixtures.pod(job, Fixtures.sampleSummary(), 0));
        Decision d = plan(null);
        assertThat(d.rollout()).isEmpty();
        assertThat(d.stableRevision()).isEqualTo(RevisionHash.of(md.getSpec()));
    }
}
