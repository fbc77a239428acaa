package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** Reads one runtime pod's metrics page (provider pods). */
public final class PodMetricsClient implements PodMetricsSource {

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public PodMetricsClient(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * @param host the pod IP
     * @param port the runtime's HTTP port
     */
    @Override
    public PodScrape scrape(String pod, String host, int port) {
        URI uri = URI.create("http://" + hostPart(host) + ":" + port + RuntimeContract.Paths.METRICS);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new MetricsFetchException("pod " + pod + ": GET " + uri + " answered HTTP " + response.statusCode());
            }
            return PodScrape.parse(pod, clock.instant(), response.body());
        } catch (IOException e) {
            throw new MetricsFetchException("pod " + pod + ": GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetricsFetchException("pod " + pod + ": interrupted while reading " + uri, e);
        } catch (MetricsParseException e) {
            throw new MetricsFetchException("pod " + pod + ": " + uri + " is not Prometheus text: " + e.getMessage(), e);
        }
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
