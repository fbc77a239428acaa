package dev.kiln.runtime.serve;

import com.sun.net.httpserver.HttpServer;
import dev.kiln.runtime.serve.model.ExecutionProvider;
import dev.kiln.runtime.serve.model.LoadedModel;
import dev.kiln.runtime.serve.protocol.EncodedResponse;
import dev.kiln.runtime.serve.protocol.InferRequest;
import dev.kiln.runtime.serve.protocol.InferRequestReader;
import dev.kiln.runtime.serve.protocol.InferResponseWriter;
import dev.kiln.runtime.serve.tensor.Tensor;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second OIP server on 127.0.0.1 for shadow tests: it decodes requests, runs the same classifier in its own
 * session and answers, faithfully or not, as the test's {@link Mode} says.
 */
public class CanaryServer implements QuarkusTestResourceLifecycleManager {

    public enum Mode { FAITHFUL, SWAPPED_CLASSES, FAILING, BLOCKED }

    static volatile Mode mode = Mode.FAITHFUL;
    static volatile CountDownLatch release = new CountDownLatch(0);
    static final AtomicInteger received = new AtomicInteger();

    private HttpServer server;
    private LoadedModel model;

    @Override
    public Map<String, String> start() {
        try {
            model = LoadedModel.open(TestModels.classifier("canary-classifier.onnx", 1), ExecutionProvider.CPU, 1);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                received.incrementAndGet();
                byte[] body = exchange.getRequestBody().readAllBytes();
                String headerLength = exchange.getRequestHeaders().getFirst("Inference-Header-Content-Length");
                try {
                    if (mode == Mode.BLOCKED) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                    if (mode == Mode.FAILING) {
                        respond(exchange, 500, "{\"error\":\"canary is broken\"}".getBytes());
                        return;
                    }
                    InferRequest request = new InferRequestReader().read(body,
                            headerLength == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(headerLength)));
                    Map<String, Tensor> inputs = Map.of("input", request.inputs().get(0));
                    Set<String> outputs = new LinkedHashSet<>(List.of("probabilities"));
                    List<Tensor> answer = new ArrayList<>(model.run(inputs, outputs).values());
                    if (mode == Mode.SWAPPED_CLASSES) {
                        answer = List.of(reversedRows(answer.get(0)));
                    }
                    EncodedResponse encoded = new InferResponseWriter().write("tiny", "canary", request.id(), answer, Set.of());
                    respond(exchange, 200, encoded.body());
                } catch (Exception e) {
                    respond(exchange, 500, ("{\"error\":\"" + e.getMessage() + "\"}").getBytes());
                }
            });
            server.start();
            return Map.of("kiln.serve.shadow.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same scores with the class order reversed in every row: a canary that mislabels classes. */
    private static Tensor reversedRows(Tensor scores) {
        int classes = (int) scores.shape()[1];
        int count = (int) scores.elementCount();
        ByteBuffer out = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            int row = i / classes;
            int column = i % classes;
            out.putFloat(i * 4, (float) scores.elementAsDouble(row * classes + classes - 1 - column));
        }
        return new Tensor(scores.name(), scores.datatype(), scores.shape(), out);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
        try {
            if (model != null) {
                model.close();
            }
        } catch (Exception ignored) {
            // the test JVM is finishing with this server
        }
    }
}
