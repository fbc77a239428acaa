package dev.kiln.operator.reconciler;

import dev.kiln.contract.OperatorMetrics;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.rollout.RolloutAction;
import dev.kiln.operator.rollout.RolloutDecision;
import dev.kiln.operator.rollout.RolloutState;
import dev.kiln.operator.rollout.RolloutStatusMapping;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Rollout meters carry the contract's names and labels; a rollout is counted as started once. */
class RolloutMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RolloutMetrics metrics = new RolloutMetrics(registry);

    static RolloutState state(RolloutPhase phase, String canary, int weight) {
        RolloutState.Builder b = RolloutState.NONE.toBuilder();
        b.phase = phase;
        b.canaryRevision = canary;
        b.canaryWeight = weight;
        return b.build();
    }

    static Optional<RolloutDecision> decision(RolloutState next, RolloutAction... actions) {
        return Optional.of(new RolloutDecision(next, List.of(actions), Optional.empty()));
    }

    @Test
    void countsStartsPromotionsRollbacksAndFollowsTheWeight() {
        RolloutState walking = state(RolloutPhase.Progressing, "b", 10);
        metrics.record("ml", "md", null, decision(walking));
        metrics.record("ml", "md", RolloutStatusMapping.toStatus(walking), decision(walking));
        assertThat(registry.get(OperatorMetrics.ROLLOUTS_STARTED.meterName()).counter().count()).isEqualTo(1);
        assertThat(registry.get(OperatorMetrics.CANARY_WEIGHT.meterName()).gauge().value()).isEqualTo(10);

        metrics.record("ml", "md", RolloutStatusMapping.toStatus(walking),
                decision(state(RolloutPhase.RolledBack, "b", 0), new RolloutAction.RollBack("b", "AnalysisFailed", "slow")));
        metrics.record("ml", "md", null, decision(state(RolloutPhase.Promoted, "c", 100),
                new RolloutAction.Promote("c", "a")));
        metrics.record("ml", "md", null, Optional.empty());
        assertThat(registry.get(OperatorMetrics.CANARY_WEIGHT.meterName()).gauge().value()).isZero();

        for (OperatorMetrics.Metric expected : OperatorMetrics.ROLLOUTS) {
            Meter meter = registry.find(expected.meterName()).meter();
            assertThat(meter).as(expected.meterName()).isNotNull();
            assertThat(meter.getId().getType().name()).isEqualTo(expected.type().name());
            assertThat(meter.getId().getTags()).extracting(Tag::getKey)
                    .containsExactlyInAnyOrderElementsOf(expected.labels());
        }
        assertThat(registry.get(OperatorMetrics.ROLLOUTS_ROLLED_BACK.meterName())
                .tag(OperatorMetrics.LABEL_REASON, "AnalysisFailed").counter().count()).isEqualTo(1);
        assertThat(registry.get(OperatorMetrics.ROLLOUTS_PROMOTED.meterName()).counter().count()).isEqualTo(1);
    }
}
