package dev.kiln.operator.analysis;

import dev.kiln.contract.RuntimeContract.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reads pages written by the Prometheus registry the runtime uses (Quarkus's Micrometer registry), in both
 * formats it serves, rather than pages written by hand.
 */
class MicrometerExpositionTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    /** A pod's meters, named and labelled as the runtime contract says. */
    static final class RuntimeMeters {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final Counter ok;
        final Counter serverErrors;
        final Counter agree;
        final Counter disagree;
        final Timer latency;

        RuntimeMeters(String track, String revision) {
            Tags tags = Tags.of(Metrics.LABEL_MODEL, "cls", Metrics.LABEL_REVISION, revision, Metrics.LABEL_TRACK, track);
            String requests = Metrics.REQUESTS.replaceFirst("_total$", "");
            ok = Counter.builder(requests).tags(tags).tag(Metrics.LABEL_OUTCOME, "success").register(registry);
            serverErrors = Counter.builder(requests).tags(tags).tag(Metrics.LABEL_OUTCOME, "server_error")
                    .register(registry);
            String shadow = Metrics.SHADOW_COMPARISONS.replaceFirst("_total$", "");
            agree = Counter.builder(shadow).tags(tags).tag(Metrics.LABEL_RESULT, "agree").register(registry);
            disagree = Counter.builder(shadow).tags(tags).tag(Metrics.LABEL_RESULT, "disagree").register(registry);
            Counter.builder(shadow).tags(tags).tag(Metrics.LABEL_RESULT, "skipped").register(registry).increment(50);
            latency = Timer.builder(Metrics.REQUEST_LATENCY.replaceFirst("_seconds$", "")).tags(tags)
                    .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                            Duration.ofMillis(250))
                    .register(registry);
        }

        void serve(int count, Duration each, int errors) {
            for (int i = 0; i < count; i++) {
                latency.record(each);
            }
            ok.increment(count - errors);
            serverErrors.increment(errors);
        }

        PodScrape scrape(String contentType, Instant at) {
            return PodScrape.parse("pod", at, registry.scrape(contentType));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TextFormat.CONTENT_TYPE_004, TextFormat.CONTENT_TYPE_OPENMETRICS_100})
    void windowsFromRealRegistryPages(String contentType) {
        RuntimeMeters pod = new RuntimeMeters("canary", "r2");
        pod.serve(500, Duration.ofMillis(5), 0);
        PodScrape before = pod.scrape(contentType, T0);

        pod.serve(100, Duration.ofMillis(70), 3);
        pod.agree.increment(40);
        pod.disagree.increment(2);
        PodScrape after = pod.scrape(contentType, T0.plusSeconds(30));

        TrackWindow window = TrackWindows.between(List.of(before), List.of(after), TrackSelector.canary("r2"));

        assertThat(window.requests()).isEqualTo(100);
        assertThat(window.serverErrors()).isEqualTo(3);
        assertThat(window.latencySamples()).isEqualTo(100);
        // all 100 in (50, 100] ms: p50 interpolates to 75 ms
        assertThat(window.latencyMillis(0.5)).isCloseTo(75, within(1e-6));
        assertThat(window.comparisons()).isEqualTo(42);
        assertThat(window.shadowErrors()).as("skipped mirrors are not failed calls").isZero();
        assertThat(window.requestRate()).isCloseTo(100 / 30.0, within(1e-9));
    }
}
