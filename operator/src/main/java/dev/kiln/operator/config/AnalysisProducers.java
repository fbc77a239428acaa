package dev.kiln.operator.config;

import dev.kiln.operator.analysis.PodMetricsClient;
import dev.kiln.operator.analysis.PodMetricsSource;
import dev.kiln.operator.analysis.ScrapeBaselines;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The canary analysis's collaborators: where pod metrics pages come from, and the scrape baselines kept between rounds. */
@ApplicationScoped
public class AnalysisProducers {

    /** A pod that does not answer within this is left out of the round rather than holding the reconcile. */
    static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(5);

    @Produces
    @Singleton
    PodMetricsSource podMetricsSource(Clock clock) {
        return new PodMetricsClient(SCRAPE_TIMEOUT, clock);
    }

    @Produces
    @Singleton
    ScrapeBaselines scrapeBaselines() {
        return new ScrapeBaselines();
    }
}
