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
