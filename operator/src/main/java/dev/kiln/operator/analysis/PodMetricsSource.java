package dev.kiln.operator.analysis;

/**
 * Where pod metrics pages come from: {@link PodMetricsClient} over HTTP in the operator, canned pages in
 * operator-loop tests (the mock API server runs no pods).
 */
@FunctionalInterface
public interface PodMetricsSource {

    /** @throws MetricsFetchException when the page cannot be read */
    PodScrape scrape(String pod, String host, int port);
}
