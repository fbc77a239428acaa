package dev.kiln.operator.analysis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One query client per Prometheus address, each with the same timeout, kept for the operator's life. */
public final class PrometheusClients {

    private final Map<String, PrometheusQueryClient> clients = new ConcurrentHashMap<>();
    private final Duration timeout;

    public PrometheusClients(Duration timeout) {
        this.timeout = timeout;
    }

    public PrometheusQueryClient at(String address) {
        return clients.computeIfAbsent(address, a -> new PrometheusQueryClient(a, timeout));
    }
}
