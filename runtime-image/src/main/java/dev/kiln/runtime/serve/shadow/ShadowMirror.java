package dev.kiln.runtime.serve.shadow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.runtime.serve.dataplane.ValidatedRequest;
import dev.kiln.runtime.serve.metrics.ServeMetrics;
import dev.kiln.runtime.serve.metrics.ServeMetrics.ShadowResult;
import dev.kiln.runtime.serve.tensor.Tensor;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mirrors a fraction of successful requests to a canary and counts whether its answers agree. Everything happens
 * off the request path, and at most {@code maxInFlight} mirrors (each holding one request's tensors) exist at once;
 * beyond that mirrors are skipped and counted as such, so memory stays bounded whatever the canary does. The target
 * can change while serving ({@link #mirrorTo}), so mirroring starts and stops without a restart.
 */
public final class ShadowMirror implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShadowMirror.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String modelName;
    private final int maxInFlight;
    private final Duration timeout;
    private final OutputComparator comparator;
    private final ServeMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService encoder = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "kiln-shadow");
        thread.setDaemon(true);
        return thread;
    });
    /** Created with the first target: a server that never mirrors starts no HTTP client threads. */
    private volatile HttpClient client;
    /** Where mirrors go now; null while off. Replaced as a whole, so a request sees one consistent target. */
    private volatile Target target;

    /** A canary's infer endpoint and the fraction of requests sent to it. */
    private record Target(URI inferUri, double fraction) {
    }

    /** A mirror that is off until {@link #mirrorTo} gives it a target. */
    public ShadowMirror(String modelName, int maxInFlight, Duration timeout, OutputComparator comparator,
                        ServeMetrics metrics) {
        this.modelName = modelName;
        this.maxInFlight = maxInFlight;
        this.timeout = timeout;
        this.comparator = comparator;
        this.metrics = metrics;
        metrics.shadowFraction(0);
    }

    /**
     * Starts, changes or (with a fraction of 0) stops mirroring; takes effect for the next request. Mirrors already
     * in flight finish against the target they were sent to and are counted as usual.
     */
    public synchronized void mirrorTo(URI baseUrl, double fraction) {
        if (baseUrl == null || fraction <= 0) {
            target = null;
            metrics.shadowFraction(0);
            return;
        }
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                    .executor(encoder).build();
        }
        String base = baseUrl.toString().replaceAll("/+$", "");
        target = new Target(URI.create(base + "/v2/models/" + modelName + "/infer"), fraction);
        metrics.shadowFraction(fraction);
    }

    /** The infer URL mirrors go to now; empty while off. */
    public Optional<URI> inferUri() {
        Target current = target;
        return current == null ? Optional.empty() : Optional.of(current.inferUri());
    }

    /** Maybe mirrors this request; returns at once. */
    public void offer(ValidatedRequest request, Map<String, Tensor> primaryOutputs) {
        Target current = target;
        if (current == null || ThreadLocalRandom.current().nextDouble() >= current.fraction()) {
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            metrics.shadow(ShadowResult.SKIPPED);
            return;
        }
        try {
            encoder.execute(() -> send(current.inferUri(), request, primaryOutputs));
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            metrics.shadow(ShadowResult.SKIPPED);
        }
    }

    private void send(URI inferUri, ValidatedRequest request, Map<String, Tensor> primaryOutputs) {
        try {
            byte[][] body = encode(request);
            HttpRequest http = HttpRequest.newBuilder(inferUri).timeout(timeout)
                    .header("Content-Type", "application/octet-stream")
                    .header("Inference-Header-Content-Length", Integer.toString(body[0].length))
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(java.util.List.of(body)))
                    .build();
            client.sendAsync(http, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, failure) -> {
                try {
                    metrics.shadow(failure != null ? ShadowResult.ERROR : judge(response, primaryOutputs));
                    if (failure != null) {
                        LOG.debugf("shadow request to %s failed: %s", inferUri, failure.toString());
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RuntimeException | IOException e) {
            inFlight.decrementAndGet();
            metrics.shadow(ShadowResult.ERROR);
            LOG.debugf(e, "shadow request to %s could not be sent", inferUri);
        }
    }

    private ShadowResult judge(HttpResponse<byte[]> response, Map<String, Tensor> primaryOutputs) {
        if (response.statusCode() != 200) {
            LOG.debugf("shadow answered %d: %s", response.statusCode(), new String(response.body()));
            return ShadowResult.ERROR;
        }
        try {
            JsonNode outputs = MAPPER.readTree(response.body()).path("outputs");
            for (Tensor primary : primaryOutputs.values()) {
                JsonNode match = null;
                for (JsonNode output : outputs) {
                    if (primary.name().equals(output.path("name").asText())) {
                        match = output;
                    }
                }
                if (match == null || !match.path("data").isArray()) {
                    return ShadowResult.ERROR;
                }
                long[] shape = new long[match.path("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = match.path("shape").get(i).asLong();
                }
                double[] data = new double[match.path("data").size()];
                for (int i = 0; i < data.length; i++) {
                    JsonNode value = match.path("data").get(i);
                    data[i] = value.isBoolean() ? (value.asBoolean() ? 1 : 0) : value.asDouble();
                }
                if (!comparator.agrees(primary, shape, data)) {
                    return ShadowResult.DISAGREE;
                }
            }
            return ShadowResult.AGREE;
        } catch (IOException | RuntimeException e) {
            return ShadowResult.ERROR;
        }
    }

    /** The mirrored request: the same inputs as binary data, asking for the same outputs as JSON. */
    private static byte[][] encode(ValidatedRequest request) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(header)) {
            json.writeStartObject();
            json.writeArrayFieldStart("inputs");
            for (Tensor input : request.inputs().values()) {
                json.writeStartObject();
                json.writeStringField("name", input.name());
                json.writeStringField("datatype", input.datatype().name());
                json.writeArrayFieldStart("shape");
                for (long dim : input.shape()) {
                    json.writeNumber(dim);
                }
                json.writeEndArray();
                json.writeObjectFieldStart("parameters");
                json.writeNumberField("binary_data_size", input.byteSize());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("outputs");
            for (String output : request.outputs()) {
                json.writeStartObject();
                json.writeStringField("name", output);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        byte[][] parts = new byte[request.inputs().size() + 1][];
        parts[0] = header.toByteArray();
        int i = 1;
        for (Tensor input : request.inputs().values()) {
            ByteBuffer data = input.data().duplicate();
            parts[i] = new byte[data.remaining()];
            data.get(parts[i++]);
        }
        return parts;
    }

    @Override
    public void close() {
        encoder.shutdown();
        try {
            encoder.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
