package dev.kiln.sandbox.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** TEMPORARY until the load generator lands: zero tensors at a fixed rate. */
final class GatewayTraffic implements DemoTraffic {

    private final String model;
    private final double rate;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ScheduledExecutorService timer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private GatewayTraffic(String model, double rate) {
        this.model = model;
        this.rate = rate;
    }

    static GatewayTraffic create(QuickstartRevision first, Path validation, double rate) {
        return new GatewayTraffic(first.spec().at("/model/name").asText(), rate);
    }

    @Override
    public void start(String gatewayUrl) {
        String body = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,3,48,192],\"data\":["
                + String.join(",", Collections.nCopies(3 * 48 * 192, "0.1")) + "]}]}";
        URI uri = URI.create(gatewayUrl + "/v2/models/" + model + "/infer");
        timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            sent.incrementAndGet();
            http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        boolean good = e == null && r.statusCode() == 200;
                        (good ? ok : failed).incrementAndGet();
                        if (!good && failed.get() < 3) {
                            System.out.println("FAIL " + (e != null ? e : r.statusCode() + " " + r.body()));
                        }
                    });
        }, 0, (long) (1_000_000 / rate), TimeUnit.MICROSECONDS);
    }

    @Override
    public String describe() {
        return "sent " + sent + ", ok " + ok + ", failed " + failed;
    }

    @Override
    public long sent() {
        return sent.get();
    }

    @Override
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
