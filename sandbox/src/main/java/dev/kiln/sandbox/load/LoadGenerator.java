package dev.kiln.sandbox.load;

import dev.kiln.sandbox.gateway.Router;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends OIP inference requests through the gateway at a set rate, at most {@code concurrency} in flight, for a
 * duration or until stopped, and counts what came back ({@link LoadStats}). Open loop: a request that falls due
 * while the bound is reached is not sent and counts as skipped, so a slow server shows up instead of quietly
 * lowering the rate.
 */
public final class LoadGenerator implements AutoCloseable {

    /**
     * @param gateway     the gateway's base URL
     * @param model       the model name in the path
     * @param deployment  the {@code Kiln-Deployment} header (namespace/name or name), or null
     * @param rate        requests per second
     * @param duration    how long to send; null to send until {@link #close()}
     * @param concurrency requests in flight at most
     * @param timeout     per request
     */
    public record Settings(URI gateway, String model, String deployment, double rate, Duration duration, int concurrency,
                           Duration timeout) {
        public Settings {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency: must be at least 1, got " + concurrency);
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("--duration: must be positive, got " + duration);
            }
        }

        URI inferUri() {
            String base = gateway.toString().replaceAll("/+$", "");
            return URI.create(base + "/v2/models/" + model + "/infer");
        }
    }

    private final Settings settings;
    private final List<SampleSet.Sample> samples;
    private final RatePacer pacer;
    private final LoadStats stats;
    private final Semaphore inFlight;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final Thread sender;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    private LoadGenerator(Settings settings, List<SampleSet.Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples to send");
        }
        this.settings = settings;
        this.samples = List.copyOf(samples);
        long start = System.nanoTime();
        this.pacer = new RatePacer(start, settings.rate());
        this.stats = new LoadStats(start);
        this.inFlight = new Semaphore(settings.concurrency());
        this.httpThreads = Executors.newFixedThreadPool(Math.min(settings.concurrency(), 8), r -> {
            Thread t = new Thread(r, "load-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(2)).build();
        this.sender = new Thread(this::sendAll, "load-sender");
        this.sender.setDaemon(true);
    }

    /** Starts sending at once, on a thread of its own. */
    public static LoadGenerator start(Settings settings, List<SampleSet.Sample> samples) {
        LoadGenerator generator = new LoadGenerator(settings, samples);
        generator.sender.start();
        return generator;
    }

    public LoadStats stats() {
        return stats;
    }

    /** Waits until the duration is over and every request sent has finished (or timed out). */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendAll() {
        try {
            long end = settings.duration() == null ? Long.MAX_VALUE : pacer.startNanos() + settings.duration().toNanos();
            long count = settings.duration() == null ? Long.MAX_VALUE : pacer.countBefore(end);
            for (long i = 0; i < count && !stopping; i++) {
                sleepUntil(pacer.dueAt(i));
                if (stopping) {
                    break;
                }
                long now = System.nanoTime();
                if (!inFlight.tryAcquire()) {
                    stats.skipped(now);
                    continue;
                }
                send(samples.get((int) (i % samples.size())), now);
            }
            // Let what is in flight finish; each request has its own timeout.
            inFlight.tryAcquire(settings.concurrency(), settings.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private void send(SampleSet.Sample sample, long sentAt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.inferUri()).timeout(settings.timeout())
                .header("Content-Type", "application/octet-stream")
                .header(OipRequest.HEADER_LENGTH, Integer.toString(sample.request().headerLength()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sample.request().body()));
        if (settings.deployment() != null) {
            request.header(Router.DEPLOYMENT_HEADER, settings.deployment());
        }
        stats.sent(sentAt);
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
            try {
                long now = System.nanoTime();
                if (failure != null) {
                    stats.failed(now, cause(failure), -1);
                } else if (response.statusCode() != 200) {
                    stats.failed(now, "HTTP " + response.statusCode(), now - sentAt);
                } else {
                    OptionalInt predicted = OipRequest.predictedClass(response.body());
                    if (predicted.isEmpty()) {
                        stats.failed(now, "bad answer", now - sentAt);
                    } else {
                        stats.answered(now, now - sentAt, predicted.getAsInt(), predicted.getAsInt() == sample.label());
                    }
                }
            } finally {
                inFlight.release();
            }
        });
    }

    /** A short name for why a request got no answer, to count failures by. */
    static String cause(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (t instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof IOException) {
            return "I/O error";
        }
        return t.getClass().getSimpleName();
    }

    private void sleepUntil(long dueNanos) {
        long wait;
        while (!stopping && (wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, wait);
        }
    }

    /** Stops sending; requests in flight still finish (each within its timeout) and are counted. */
    public void stop() {
        stopping = true;
        LockSupport.unpark(sender);
    }

    @Override
    public void close() {
        stop();
        try {
            awaitFinished(settings.timeout().plusSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        httpThreads.shutdownNow();
    }
}
