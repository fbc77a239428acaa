package dev.kiln.operator.analysis;

import dev.kiln.operator.api.MetricSpec;

import java.util.Optional;
import java.util.function.Function;

/**
 * The values of a rollout's prometheus metrics: each query rendered for the canary revision
 * ({@link QueryTemplate}) and run against the Prometheus server. A query that cannot be run, or no server
 * address, is a failed value: the metric is Inconclusive and the message says why.
 */
public final class PrometheusQueries {

    /** Runs one rendered PromQL query; {@link PrometheusQueryClient#query} in production. */
    @FunctionalInterface
    public interface Runner {
        java.util.OptionalDouble query(String address, String promql);
    }

    /** Why nothing can be queried without an address, and where to set one. */
    public static final String NO_ADDRESS = "no Prometheus address; set spec.rollout.analysis.prometheusAddress or "
            + "the operator's kiln.operator.analysis.prometheus-url";

    private PrometheusQueries() {
    }

    /**
     * @param address the Prometheus base URL (the spec's, else the operator's); empty when neither names one
     */
    public static Function<MetricSpec, Evidence.QueryValue> forCanary(Optional<String> address, String canaryRevision,
                                                                     Runner runner) {
        return metric -> {
            if (address.isEmpty()) {
                return Evidence.QueryValue.failed("metric " + metric.name + ": " + NO_ADDRESS);
            }
            String promql = QueryTemplate.render(metric.query, TrackSelector.canary(canaryRevision));
            try {
                return new Evidence.QueryValue(runner.query(address.get(), promql));
            } catch (MetricsFetchException e) {
                return Evidence.QueryValue.failed(e.getMessage());
            }
        };
    }
}
