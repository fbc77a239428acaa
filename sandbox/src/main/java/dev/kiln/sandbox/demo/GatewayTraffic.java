package dev.kiln.sandbox.demo;

import dev.kiln.sandbox.load.LoadCounts;
import dev.kiln.sandbox.load.LoadGenerator;
import dev.kiln.sandbox.load.SampleSet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The demo's load: the validation set's text lines sent through the gateway by the sandbox's load generator. */
final class GatewayTraffic implements DemoTraffic {

    private static final int CONCURRENCY = 16;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String model;
    private final double rate;
    private final List<SampleSet.Sample> samples;
    private LoadGenerator generator;

    private GatewayTraffic(String model, double rate, List<SampleSet.Sample> samples) {
        this.model = model;
        this.rate = rate;
        this.samples = samples;
    }

    static GatewayTraffic create(QuickstartRevision first, Path validationSet, double rate) {
        return new GatewayTraffic(first.spec().at("/model/name").asText(), rate, SampleSet.load(validationSet));
    }

    @Override
    public synchronized void start(String gatewayUrl) {
        generator = LoadGenerator.start(new LoadGenerator.Settings(URI.create(gatewayUrl), model, null, rate, null,
                CONCURRENCY, TIMEOUT), samples);
    }

    private synchronized LoadCounts total() {
        return generator == null ? null : generator.stats().total();
    }

    @Override
    public String describe() {
        LoadCounts total = total();
        if (total == null) {
            return "not started";
        }
        double rate = total.successRate();
        return total.describe() + (Double.isNaN(rate) ? "" : String.format(java.util.Locale.ROOT,
                ", success %.2f%%, right class %d of %d", 100 * rate, total.labelMatches(), total.ok()));
    }

    @Override
    public long sent() {
        LoadCounts total = total();
        return total == null ? 0 : total.sent();
    }

    @Override
    public long failed() {
        LoadCounts total = total();
        return total == null ? 0 : total.failed();
    }

    @Override
    public synchronized void close() {
        if (generator != null) {
            generator.close();
        }
    }
}
