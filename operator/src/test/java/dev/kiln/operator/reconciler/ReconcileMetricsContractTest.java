package dev.kiln.operator.reconciler;

import dev.kiln.contract.OperatorMetrics;
import dev.kiln.operator.api.Phase;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator registers its reconcile metrics under the names and labels the contract lists, which the
 * shipped Grafana dashboard queries.
 */
class ReconcileMetricsContractTest {

    @Test
    void metersCarryTheContractNamesAndLabels() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReconcileMetrics metrics = new ReconcileMetrics(registry);
        metrics.reconciled("ml");
        metrics.failed("ml", new IllegalStateException("boom"));
        metrics.phaseChanged(Phase.Deploying, Phase.Healthy);

        for (OperatorMetrics.Metric expected : java.util.List.of(OperatorMetrics.RECONCILIATIONS,
                OperatorMetrics.RECONCILIATION_ERRORS, OperatorMetrics.PHASE_TRANSITIONS)) {
            Meter meter = registry.find(expected.meterName()).meter();
            assertThat(meter).as(expected.meterName()).isNotNull();
            assertThat(meter.getId().getType().name()).isEqualTo(expected.type().name());
            assertThat(meter.getId().getTags()).extracting(Tag::getKey)
                    .containsExactlyInAnyOrderElementsOf(expected.labels());
        }
    }
}
