package dev.kiln.runtime.serve.metrics;

import dev.kiln.runtime.serve.ServeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the server's meters in the application's registry, labelled from configuration. */
public class ServeMetricsProducer {

    @Produces
    @Singleton
    ServeMetrics serveMetrics(MeterRegistry registry, ServeConfig config) {
        return new ServeMetrics(registry, config.name(), config.revision(), config.track());
    }
}
