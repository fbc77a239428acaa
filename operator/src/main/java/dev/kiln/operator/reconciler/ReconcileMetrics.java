package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.Phase;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** The operator's own counters, scraped from /q/metrics. */
@ApplicationScoped
public class ReconcileMetrics {

    static final String RECONCILIATIONS = "kiln.reconciliations";
    static final String ERRORS = "kiln.reconciliation.errors";
    static final String PHASE_TRANSITIONS = "kiln.phase.transitions";

    private final MeterRegistry registry;

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void reconciled(String namespace) {
        registry.counter(RECONCILIATIONS, "namespace", namespace).increment();
    }

    void failed(String namespace, Exception error) {
        registry.counter(ERRORS, "namespace", namespace, "exception", error.getClass().getSimpleName()).increment();
    }

    void phaseChanged(Phase from, Phase to) {
        registry.counter(PHASE_TRANSITIONS, "from", from == null ? "None" : from.name(), "to", to.name()).increment();
    }
}
