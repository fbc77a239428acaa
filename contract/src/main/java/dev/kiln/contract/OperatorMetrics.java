package dev.kiln.contract;

import java.util.List;

/**
 * Prometheus metrics the operator exposes on /q/metrics: the ones Kiln registers itself (reconciles, phase
 * transitions, optimizations, rollouts) and the ones Java Operator SDK registers for every controller. The shipped Grafana dashboard and alert examples read exactly these names, so they are named
 * once, here.
 */
public final class OperatorMetrics {

    private OperatorMetrics() {
    }

    public enum Type { COUNTER, GAUGE, TIMER }

    /**
     * One metric: the Micrometer meter name the operator registers, its type, the name Prometheus scrapes
     * (counters gain _total; timers are scraped as _seconds_count, _seconds_sum and _seconds_max) and its
     * labels.
     */
    public record Metric(String meterName, Type type, String scrapedName, List<String> labels) {

        /** Every series name Prometheus stores for this metric. */
        public List<String> series() {
            return type == Type.TIMER
                    ? List.of(scrapedName + "_count", scrapedName + "_sum", scrapedName + "_max")
                    : List.of(scrapedName);
        }
    }

    /** Namespace of the ModelDeployment (the ServiceMonitor keeps it with honorLabels). */
    public static final String LABEL_NAMESPACE = "namespace";
    /** Name of the ModelDeployment. */
    public static final String LABEL_MODEL_DEPLOYMENT = "modeldeployment";
    /** Phases (dev.kiln.operator.api.Phase names) before and after a transition. */
    public static final String LABEL_FROM = "from";
    public static final String LABEL_TO = "to";
    /** Outcome of an optimization Job: an {@link Outcome} name. */
    public static final String LABEL_OUTCOME = "outcome";
    /** Simple class name of the exception a reconcile failed with. */
    public static final String LABEL_EXCEPTION = "exception";
    /** Why a rollout was rolled back, a short CamelCase word: AnalysisFailed, ProgressDeadlineExceeded, ... */
    public static final String LABEL_REASON = "reason";

    /** Counter: a reconcile of a ModelDeployment started. */
    public static final Metric RECONCILIATIONS = new Metric("kiln.reconciliations", Type.COUNTER,
            "kiln_reconciliations_total", List.of(LABEL_NAMESPACE));

    /** Counter: a reconcile failed with an exception (its simple class name). */
    public static final Metric RECONCILIATION_ERRORS = new Metric("kiln.reconciliation.errors", Type.COUNTER,
            "kiln_reconciliation_errors_total", List.of(LABEL_NAMESPACE, LABEL_EXCEPTION));

    /** Counter: the phase of a ModelDeployment changed ("None" before its first phase). */
    public static final Metric PHASE_TRANSITIONS = new Metric("kiln.phase.transitions", Type.COUNTER,
            "kiln_phase_transitions_total", List.of(LABEL_FROM, LABEL_TO));

    /** Counter: an optimization Job finished, by outcome. */
    public static final Metric OPTIMIZATIONS = new Metric("kiln.optimizations", Type.COUNTER,
            "kiln_optimizations_total", List.of(LABEL_NAMESPACE, LABEL_MODEL_DEPLOYMENT, LABEL_OUTCOME));

    /** Counter: a new revision started its canary rollout. */
    public static final Metric ROLLOUTS_STARTED = new Metric("kiln.rollouts.started", Type.COUNTER,
            "kiln_rollouts_started_total", List.of(LABEL_NAMESPACE, LABEL_MODEL_DEPLOYMENT));

    /** Counter: a canary was promoted to stable. */
    public static final Metric ROLLOUTS_PROMOTED = new Metric("kiln.rollouts.promoted", Type.COUNTER,
            "kiln_rollouts_promoted_total", List.of(LABEL_NAMESPACE, LABEL_MODEL_DEPLOYMENT));

    /** Counter: a canary was rolled back, by reason. */
    public static final Metric ROLLOUTS_ROLLED_BACK = new Metric("kiln.rollouts.rolled.back", Type.COUNTER,
            "kiln_rollouts_rolled_back_total", List.of(LABEL_NAMESPACE, LABEL_MODEL_DEPLOYMENT, LABEL_REASON));

    /**
     * Gauge: percent of traffic the canary of a ModelDeployment receives now; registered for every
     * ModelDeployment the operator reconciles, 0 when no rollout runs.
     */
    public static final Metric CANARY_WEIGHT = new Metric("kiln.canary.weight", Type.GAUGE,
            "kiln_canary_weight", List.of(LABEL_NAMESPACE, LABEL_MODEL_DEPLOYMENT));

    /** What Kiln's own code registers. */
    public static final List<Metric> KILN = List.of(RECONCILIATIONS, RECONCILIATION_ERRORS, PHASE_TRANSITIONS,
            OPTIMIZATIONS, ROLLOUTS_STARTED, ROLLOUTS_PROMOTED, ROLLOUTS_ROLLED_BACK, CANARY_WEIGHT);

    /** The rollout metrics, labelled by ModelDeployment. */
    public static final List<Metric> ROLLOUTS = List.of(ROLLOUTS_STARTED, ROLLOUTS_PROMOTED, ROLLOUTS_ROLLED_BACK,
            CANARY_WEIGHT);

    /**
     * Java Operator SDK's metrics (MicrometerMetricsV2, on by default in quarkus-operator-sdk 7). Labelled by
     * controller_name; JOSDK can add the resource namespace too, so queries sum over what they do not use.
     */
    public static final class Sdk {

        public static final String LABEL_CONTROLLER = "controller_name";

        public static final Metric RECONCILIATIONS_STARTED = new Metric("reconciliations.started.total",
                Type.COUNTER, "reconciliations_started_total", List.of(LABEL_CONTROLLER));
        public static final Metric RECONCILIATIONS_SUCCESS = new Metric("reconciliations.success.total",
                Type.COUNTER, "reconciliations_success_total", List.of(LABEL_CONTROLLER));
        public static final Metric RECONCILIATIONS_FAILED = new Metric("reconciliations.failure.total",
                Type.COUNTER, "reconciliations_failure_total", List.of(LABEL_CONTROLLER));
        public static final Metric RECONCILIATIONS_RETRIES = new Metric("reconciliations.retries.total",
                Type.COUNTER, "reconciliations_retries_total", List.of(LABEL_CONTROLLER));
        public static final Metric RECONCILIATIONS_ACTIVE = new Metric("reconciliations.active", Type.GAUGE,
                "reconciliations_active", List.of(LABEL_CONTROLLER));
        public static final Metric RECONCILIATIONS_QUEUE = new Metric("reconciliations.queue", Type.GAUGE,
                "reconciliations_queue", List.of(LABEL_CONTROLLER));
        public static final Metric RECONCILIATION_DURATION = new Metric("reconciliations.execution.duration",
                Type.TIMER, "reconciliations_execution_duration_seconds", List.of(LABEL_CONTROLLER));

        public static final List<Metric> ALL = List.of(RECONCILIATIONS_STARTED, RECONCILIATIONS_SUCCESS,
                RECONCILIATIONS_FAILED, RECONCILIATIONS_RETRIES, RECONCILIATIONS_ACTIVE, RECONCILIATIONS_QUEUE,
                RECONCILIATION_DURATION);

        private Sdk() {
        }
    }
}
