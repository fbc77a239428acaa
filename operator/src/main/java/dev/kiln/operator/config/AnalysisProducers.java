package dev.kiln.operator.config;

import dev.kiln.operator.analysis.PodMetricsClient;
import dev.kiln.operator.analysis.PodMetricsSource;
import dev.kiln.operator.analysis.PrometheusClients;
import dev.kiln.operator.analysis.PrometheusQueries;
import dev.kiln.operator.analysis.ScrapeBaselines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * The canary analysis's collaborators: where pod metrics pages come from, how prometheus queries run, and the
 * scrape baselines kept between rounds.
 */
@ApplicationScoped
public class AnalysisProducers {

    /** A pod that does not answer within this is left out of the round rather than holding the reconcile. */
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);

    @Produces
    @Singleton
    PodMetricsSource podMetricsSource(Clock clock) {
        return new PodMetricsClient(SCRAPE_TIMEOUT, clock);
    }

    /** One client per Prometheus address, with the scrape timeout, so a slow server cannot hold the reconcile. */
    @Produces
    @Singleton
    PrometheusClients prometheusClients() {
        return new PrometheusClients(SCRAPE_TIMEOUT);
    }

    @Produces
    @Singleton
    PrometheusQueries.Runner prometheusQueries(PrometheusClients clients) {
        return (address, promql) -> clients.at(address).query(promql);
    }

    @Produces
    @Singleton
    ScrapeBaselines scrapeBaselines() {
        return new ScrapeBaselines();
    }
}
