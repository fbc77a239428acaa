package dev.kiln.operator.reconciler;

import dev.kiln.contract.OperatorMetrics;
import dev.kiln.operator.api.RolloutStatus;
import dev.kiln.operator.rollout.RolloutAction;
import dev.kiln.operator.rollout.RolloutDecision;
import dev.kiln.operator.rollout.RolloutState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The rollout metrics the contract names: rollouts started, promoted and rolled back, and the canary weight. */
@ApplicationScoped
public class RolloutMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, AtomicInteger> weights = new ConcurrentHashMap<>();

    public RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param previous status.rollout before this reconcile; null when none
     * @param decision the canary walk's decision this reconcile; empty under blue/green
     */
    void record(String namespace, String name, RolloutStatus previous, Optional<RolloutDecision> decision) {
        Tags tags = Tags.of(OperatorMetrics.LABEL_NAMESPACE, namespace, OperatorMetrics.LABEL_MODEL_DEPLOYMENT, name);
        int weight = decision.map(d -> d.next().canaryWeight()).orElse(0);
        weights.computeIfAbsent(namespace + "/" + name, key -> registry.gauge(
                OperatorMetrics.CANARY_WEIGHT.meterName(), tags, new AtomicInteger())).set(weight);
        if (decision.isEmpty()) {
            return;
        }
        RolloutState next = decision.get().next();
        boolean wasActive = previous != null && previous.phase != null
                && (previous.phase == dev.kiln.operator.api.RolloutPhase.Progressing
                || previous.phase == dev.kiln.operator.api.RolloutPhase.Paused);
        boolean sameCanary = previous != null && Objects.equals(previous.canaryRevision, next.canaryRevision());
        if (next.active() && !(wasActive && sameCanary)) {
            registry.counter(OperatorMetrics.ROLLOUTS_STARTED.meterName(), tags).increment();
        }
        for (RolloutAction action : decision.get().actions()) {
            if (action instanceof RolloutAction.Promote) {
                registry.counter(OperatorMetrics.ROLLOUTS_PROMOTED.meterName(), tags).increment();
            } else if (action instanceof RolloutAction.RollBack rollBack) {
                registry.counter(OperatorMetrics.ROLLOUTS_ROLLED_BACK.meterName(),
                        tags.and(OperatorMetrics.LABEL_REASON, rollBack.reason())).increment();
            }
        }
    }
}
