package dev.kiln.runtime.serve.metrics;

import dev.kiln.contract.RuntimeContract.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's meters, labelled with model, revision and track. Names come from {@link Metrics}, which gives them as
 * Prometheus scrapes them; Micrometer adds the unit and {@code _total} suffixes itself, so they are stripped here.
 * Latencies use fixed buckets so that {@code histogram_quantile} over an interval works across pods.
 */
public final class ServeMetrics {

    /** Request outcome label values. */
    public enum Outcome { SUCCESS, CLIENT_ERROR, SERVER_ERROR;

        public String label() {
            return name().toLowerCase();
        }

        public static Outcome ofStatus(int status) {
            return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : SUCCESS;
        }
    }

    /** Shadow comparison result label values; {@code skipped} counts mirrors dropped because the bound was reached. */
    public enum ShadowResult { AGREE, DISAGREE, ERROR, SKIPPED;

        public String label() {
            return name().toLowerCase();
        }
    }

    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128};

    private final Map<Outcome, Counter> requests = new EnumMap<>(Outcome.class);
    private final Map<ShadowResult, Counter> shadow = new EnumMap<>(ShadowResult.class);
    private final Timer requestLatency;
    private final Timer computeLatency;
    private final Timer queueLatency;
    private final DistributionSummary batchSize;
    private final AtomicReference<Double> shadowFraction = new AtomicReference<>(0.0);

    public ServeMetrics(MeterRegistry registry, String model, String revision, String track) {
        Tags tags = Tags.of(Metrics.LABEL_MODEL, model, Metrics.LABEL_REVISION, revision, Metrics.LABEL_TRACK, track);
        for (Outcome outcome : Outcome.values()) {
            requests.put(outcome, Counter.builder(base(Metrics.REQUESTS)).description("Infer requests by outcome")
                    .tags(tags).tag(Metrics.LABEL_OUTCOME, outcome.label()).register(registry));
        }
        for (ShadowResult result : ShadowResult.values()) {
            shadow.put(result, Counter.builder(base(Metrics.SHADOW_COMPARISONS))
                    .description("Requests mirrored to the shadow (canary) server, by comparison result")
                    .tags(tags).tag(Metrics.LABEL_RESULT, result.label()).register(registry));
        }
        requestLatency = latency(registry, Metrics.REQUEST_LATENCY, "Server-side infer request latency", tags);
        computeLatency = latency(registry, Metrics.COMPUTE_LATENCY, "Model compute time per run", tags);
        queueLatency = latency(registry, Metrics.QUEUE_LATENCY, "Time a request waited for the model", tags);
        Gauge.builder(Metrics.SHADOW_FRACTION, shadowFraction, AtomicReference::get)
                .description("Fraction of requests mirrored to the shadow (canary) server now; 0 when off")
                .tags(tags).register(registry);
        batchSize = DistributionSummary.builder(Metrics.BATCH_SIZE).description("Requests per model run")
                .tags(tags).serviceLevelObjectives(BATCH_BUCKETS).register(registry);
    }

    private static Timer latency(MeterRegistry registry, String name, String description, Tags tags) {
        return Timer.builder(base(name)).description(description).tags(tags)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    /** The Micrometer name for a Prometheus name: without the suffix Micrometer appends. */
    static String base(String prometheusName) {
        return prometheusName.replaceFirst("_(total|seconds)$", "");
    }

    public void request(int status, long nanos) {
        requests.get(Outcome.ofStatus(status)).increment();
        requestLatency.record(Duration.ofNanos(nanos));
    }

    public void queued(long nanos) {
        queueLatency.record(Duration.ofNanos(nanos));
    }

    public void computed(int requestsInRun, long nanos) {
        computeLatency.record(Duration.ofNanos(nanos));
        batchSize.record(requestsInRun);
    }

    public void shadowFraction(double fraction) {
        shadowFraction.set(fraction);
    }

    public void shadow(ShadowResult result) {
        shadow.get(result).increment();
    }
}
