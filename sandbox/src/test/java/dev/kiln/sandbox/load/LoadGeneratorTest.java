package dev.kiln.sandbox.load;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator against a local HTTP server on 127.0.0.1 that plays the gateway; runs are bounded to ~1 s. */
class LoadGeneratorTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<SampleSet.Sample> samples = List.of(
            new SampleSet.Sample(0, OipRequest.float32("x", new long[]{1, 2}, new float[]{1, 2})),
            new SampleSet.Sample(1, OipRequest.float32("x", new long[]{1, 2}, new float[]{3, 4})));

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void sendsRateTimesDurationAndCountsAnswersAndFailuresByCause() throws Exception {
        // every 4th request is refused; the others are answered with the class of the sample they carry
        URI gateway = serve(n -> n % 4 == 3 ? 503 : 200, Duration.ZERO);

        LoadGenerator generator = LoadGenerator.start(new LoadGenerator.Settings(gateway, "textdir", "default/textdir", 40,
                Duration.ofMillis(1000), 8, Duration.ofSeconds(5)), samples);
        assertThat(generator.awaitFinished(Duration.ofSeconds(10))).isTrue();

        LoadCounts total = generator.stats().total();
        assertThat(total.sent()).isEqualTo(40);
        assertThat(requests.get()).isEqualTo(40);
        assertThat(total.ok()).isEqualTo(30);
        assertThat(total.failures()).isEqualTo(Map.of("HTTP 503", 10L));
        assertThat(total.skipped()).isZero();
        assertThat(total.classes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
        assertThat(total.classes()).containsOnlyKeys(0, 1);
        assertThat(total.labelMatches()).isEqualTo(30);
        assertThat(total.p99Millis()).isPositive();
    }

    @Test
    void requestsDueWhileTheConcurrencyBoundIsReachedAreSkippedNotQueued() throws Exception {
        URI gateway = serve(n -> 200, Duration.ofMillis(400));

        LoadGenerator generator = LoadGenerator.start(new LoadGenerator.Settings(gateway, "textdir", null, 20,
                Duration.ofMillis(1000), 2, Duration.ofSeconds(5)), samples);
        assertThat(generator.awaitFinished(Duration.ofSeconds(10))).isTrue();

        LoadCounts total = generator.stats().total();
        // 20 due; each slot is busy 400 ms, so 2 slots take at most 2 x ceil(1000/400) = 6 of them
        assertThat(total.sent()).isBetween(2L, 6L);
        assertThat(total.sent() + total.skipped()).isEqualTo(20);
        assertThat(total.ok()).isEqualTo(total.sent());
    }

    @Test
    void stopEndsARunWithoutDurationAndCountsWhatWasInFlight() throws Exception {
        URI gateway = serve(n -> 200, Duration.ofMillis(100));
        LoadGenerator generator = LoadGenerator.start(new LoadGenerator.Settings(gateway, "textdir", null, 50, null, 8,
                Duration.ofSeconds(5)), samples);
        Thread.sleep(300);
        generator.stop();
        assertThat(generator.awaitFinished(Duration.ofSeconds(10))).isTrue();
        LoadCounts total = generator.stats().total();
        assertThat(total.sent()).isPositive();
        assertThat(total.ok()).isEqualTo(total.sent());
        generator.close();
    }

    @Test
    void noServerIsCountedAsConnectionRefused() throws Exception {
        URI gateway = serve(n -> 200, Duration.ZERO);
        server.stop(0);
        server = null;
        LoadGenerator generator = LoadGenerator.start(new LoadGenerator.Settings(gateway, "textdir", null, 10,
                Duration.ofMillis(300), 4, Duration.ofSeconds(2)), samples);
        assertThat(generator.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(generator.stats().total().failures()).containsOnlyKeys("connection refused");
    }

    private interface StatusFor {
        int status(int requestNumber);
    }

    /** A gateway stand-in checking what the generator sends: path, headers and body size. */
    private URI serve(StatusFor statusFor, Duration delay) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            int n = requests.getAndIncrement();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String headerLength = exchange.getRequestHeaders().getFirst(OipRequest.HEADER_LENGTH);
            boolean wellFormed = exchange.getRequestURI().getPath().equals("/v2/models/textdir/infer")
                    && headerLength != null && body.length == Integer.parseInt(headerLength) + 8;
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = wellFormed ? statusFor.status(n) : 400;
            // sample 1 carries {3, 4}: its first float's low byte differs from sample 0's {1, 2}
            boolean second = wellFormed && body[Integer.parseInt(headerLength) + 3] == 0x40;
            byte[] answer = (status != 200 ? "{\"error\": \"no\"}"
                    : "{\"outputs\": [{\"name\": \"y\", \"data\": " + (second ? "[0.1, 0.9]" : "[0.9, 0.1]") + "}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
