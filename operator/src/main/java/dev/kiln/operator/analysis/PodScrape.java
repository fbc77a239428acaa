package dev.kiln.operator.analysis;

import java.time.Instant;
import java.util.List;

/** The metrics page of one pod, parsed, and when it was read. */
public record PodScrape(String pod, Instant scrapedAt, List<Sample> samples) {

    public PodScrape {
        samples = List.copyOf(samples);
    }

    public static PodScrape parse(String pod, Instant scrapedAt, String metricsText) {
        return new PodScrape(pod, scrapedAt, PrometheusTextParser.parse(metricsText));
    }
}
