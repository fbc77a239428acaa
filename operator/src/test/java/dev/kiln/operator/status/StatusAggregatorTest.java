package dev.kiln.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentStatus;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.plan.Decision;
import dev.kiln.operator.plan.ObservedState;
import dev.kiln.operator.plan.Planner;
import dev.kiln.operator.revision.RevisionHash;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusAggregatorTest {

    static final Instant T1 = Instant.parse("2026-11-29T06:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-29T06:01:00Z");
    final Planner planner = new Planner("runtime:test");

    @Test
    void servingAllReplicasIsHealthyWithTheOptimizersReport() {
        ModelDeployment md = Fixtures.md("md");
        String r = RevisionHash.of(md.getSpec());
        Job job = Fixtures.job("md", r, 1, "Complete");
        ObservedState observed = new ObservedState(List.of(job), List.of(Fixtures.pod(job, Fixtures.sampleSummary(), 0)),
                List.of(Fixtures.deployment("md", r, 2, 2)), List.of());

        ModelDeploymentStatus status = aggregate(md, observed, T1);

        assertThat(status.phase).isEqualTo(Phase.Healthy);
        assertThat(status.observedGeneration).isEqualTo(1L);
        assertThat(status.currentRevision).isEqualTo(r);
        assertThat(status.stableRevision).isEqualTo(r);
        assertThat(status.ready).isEqualTo("2/2");
        assertThat(status.selector).isEqualTo("kiln.dev/deployment=md,kiln.dev/revision=" + r);
        assertThat(status.url).isEqualTo("http://md.models.svc:8080");
        assertThat(status.placement.executionProvider).isEqualTo("cpu");
        assertThat(status.optimization.selected).isEqualTo("text-orientation/graph");
        assertThat(status.optimization.outcome).isEqualTo("Succeeded");
        assertThat(status.optimization.variants).hasSize(3);
        assertThat(status.optimization.variants.get(2).latencyP99Millis).isEqualTo("1.41");
        assertThat(status.optimization.variants.get(2).accuracy).isEqualTo("0.9925");
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionTypes.OPTIMIZED).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionTypes.RECONCILING).getStatus()).isEqualTo("False");
        assertThat(condition(status, ConditionTypes.STALLED).getStatus()).isEqualTo("False");
    }

    @Test
    void theSameSituationLaterGivesTheSameStatusSoNothingIsPatched() {
        ModelDeployment md = Fixtures.md("md");
        ObservedState observed = ObservedState.empty();
        md.setStatus(aggregate(md, observed, T1));
        ModelDeploymentStatus again = aggregate(md, observed, T2);
        JsonNode before = Serialization.jsonMapper().valueToTree(md.getStatus());
        JsonNode after = Serialization.jsonMapper().valueToTree(again);
        assertThat(after).isEqualTo(before);
        assertThat(again.phase).isEqualTo(Phase.Optimizing);
    }

    @Test
    void missedGoalsWithNothingServingIsFailedAndStalled() {
        ModelDeployment md = Fixtures.md("md");
        String r = RevisionHash.of(md.getSpec());
        Job job = Fixtures.job("md", r, 1, "Failed");
        String summary = OptimizationSummary.failure(Outcome.GoalsNotMet, "p99 0.9 ms > 0.5 ms").toTerminationMessage();
        ObservedState observed = new ObservedState(List.of(job), List.of(Fixtures.pod(job, summary, 4)), List.of(), List.of());

        ModelDeploymentStatus status = aggregate(md, observed, T1);

        assertThat(status.phase).isEqualTo(Phase.Failed);
        Condition stalled = condition(status, ConditionTypes.STALLED);
        assertThat(stalled.getStatus()).isEqualTo("True");
        assertThat(stalled.getReason()).isEqualTo("GoalsNotMet");
        assertThat(stalled.getMessage()).isEqualTo("p99 0.9 ms > 0.5 ms");
        assertThat(condition(status, ConditionTypes.OPTIMIZED).getReason()).isEqualTo("GoalsNotMet");
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("False");
        assertThat(status.stableRevision).isNull();
    }

    @Test
    void anInvalidSpecWhileServingIsDegradedAndKeepsWhatWasKnown() {
        ModelDeployment md = Fixtures.md("md");
        String r = RevisionHash.of(md.getSpec());
        Job job = Fixtures.job("md", r, 1, "Complete");
        ObservedState observed = new ObservedState(List.of(job), List.of(Fixtures.pod(job, Fixtures.sampleSummary(), 0)),
                List.of(Fixtures.deployment("md", r, 2, 2)), List.of());
        md.setStatus(aggregate(md, observed, T1));

        md.getSpec().serving.accelerator = "tpu";
        md.getSpec().serving.env.add(new io.fabric8.kubernetes.api.model.EnvVar("KILN_MODEL", "/x", null));
        md.getMetadata().setGeneration(2L);
        ModelDeploymentStatus status = aggregate(md, observed, T2);

        assertThat(status.phase).isEqualTo(Phase.Degraded);
        Condition stalled = condition(status, ConditionTypes.STALLED);
        assertThat(stalled.getReason()).isEqualTo("InvalidSpec");
        assertThat(stalled.getMessage()).contains("spec.serving.accelerator").contains("spec.serving.env[0].name");
        assertThat(condition(status, ConditionTypes.OPTIMIZED).getStatus()).isEqualTo("Unknown");
        assertThat(condition(status, ConditionTypes.READY).getStatus()).isEqualTo("True");
        assertThat(condition(status, ConditionTypes.READY).getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(status.stableRevision).isEqualTo(r);
        assertThat(status.optimization.selected).isEqualTo("text-orientation/graph");
        assertThat(status.observedGeneration).isEqualTo(2L);
    }

    private ModelDeploymentStatus aggregate(ModelDeployment md, ObservedState observed, Instant now) {
        Decision decision = planner.plan(md, observed, now);
        return StatusAggregator.aggregate(md, decision, observed, now);
    }

    private static Condition condition(ModelDeploymentStatus status, String type) {
        return Conditions.find(status.conditions, type).orElseThrow();
    }
}
