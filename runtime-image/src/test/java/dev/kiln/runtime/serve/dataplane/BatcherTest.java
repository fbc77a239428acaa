package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.metrics.ServeMetrics;
import dev.kiln.runtime.serve.protocol.ProtocolException;
import dev.kiln.runtime.serve.tensor.Datatype;
import dev.kiln.runtime.serve.tensor.Tensor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The batcher's scheduling on a fake model that doubles its input and records each run's row count. */
class BatcherTest {

    private final List<Long> runRows = new CopyOnWriteArrayList<>();
    private final ServeMetrics metrics = new ServeMetrics(new SimpleMeterRegistry(), "m", "r", "t");

    private Map<String, Tensor> doubling(Map<String, Tensor> inputs, Set<String> outputs) {
        Tensor in = inputs.get("x");
        runRows.add(in.rows());
        ByteBuffer out = ByteBuffer.allocate(in.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < in.elementCount(); i++) {
            out.putFloat(i * 4, (float) in.elementAsDouble(i) * 2);
        }
        return Map.of("y", new Tensor("y", Datatype.FP32, in.shape(), out));
    }

    private static ValidatedRequest request(float... rows) {
        ByteBuffer data = ByteBuffer.allocate(rows.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : rows) {
            data.putFloat(v);
        }
        Tensor x = new Tensor("x", Datatype.FP32, new long[]{rows.length, 1}, data.flip());
        return new ValidatedRequest(Optional.empty(), Map.of("x", x), List.of("y"), Set.of(), rows.length, Optional.of("[1]"));
    }

    private static double first(CompletableFuture<Map<String, Tensor>> result) throws Exception {
        return result.get(5, TimeUnit.SECONDS).get("y").elementAsDouble(0);
    }

    @Test
    void requestsQueuedTogetherRunAsOneBatchAndGetTheirOwnRows() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (Batcher batcher = new Batcher((in, out) -> {
            hold.await();
            return doubling(in, out);
        }, metrics, 8, 0, 16)) {
            CompletableFuture<Map<String, Tensor>> blocker = batcher.submit(request(100));
            Thread.sleep(50);
            List<CompletableFuture<Map<String, Tensor>>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(batcher.submit(request(i, i + 0.5f)));
            }
            hold.countDown();
            assertThat(first(blocker)).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                Tensor y = results.get(i).get(5, TimeUnit.SECONDS).get("y");
                assertThat(y.shape()).containsExactly(2, 1);
                assertThat(y.elementAsDouble(0)).isEqualTo(2 * i);
                assertThat(y.elementAsDouble(1)).isEqualTo(2 * i + 1);
            }
        }
        // The first run held the lone request; the five that queued meanwhile were stacked, 4 of them (8 rows) at once.
        assertThat(runRows).containsExactly(1L, 8L, 2L);
    }

    @Test
    void withBatchingOffEveryRequestRunsAlone() throws Exception {
        try (Batcher batcher = new Batcher(this::doubling, metrics, 1, 10_000, 16)) {
            List<CompletableFuture<Map<String, Tensor>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(batcher.submit(request(i)));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(first(results.get(i))).isEqualTo(2 * i);
            }
        }
        assertThat(runRows).containsExactly(1L, 1L, 1L, 1L);
    }

    @Test
    void aLoneRequestWaitsNoLongerThanTheDelay() throws Exception {
        long delayMicros = 200_000;
        try (Batcher batcher = new Batcher(this::doubling, metrics, 8, delayMicros, 16)) {
            long start = System.nanoTime();
            assertThat(first(batcher.submit(request(3)))).isEqualTo(6);
            long waitedMicros = (System.nanoTime() - start) / 1000;
            // It did wait for company (the delay is on), but not beyond the delay plus scheduling slack.
            assertThat(waitedMicros).isBetween(delayMicros - 1000, delayMicros + 150_000);
        }
    }

    @Test
    void aFullQueueIsRefusedWith503() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (Batcher batcher = new Batcher((in, out) -> {
            hold.await();
            return doubling(in, out);
        }, metrics, 1, 0, 2)) {
            batcher.submit(request(1));
            Thread.sleep(50);
            batcher.submit(request(2));
            batcher.submit(request(3));
            assertThatThrownBy(() -> batcher.submit(request(4))).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("queue is full").extracting(e -> ((ProtocolException) e).status()).isEqualTo(503);
            hold.countDown();
        }
    }

    @Test
    void aFailingBatchIsRetriedAloneSoOnlyTheBadRequestFails() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (Batcher batcher = new Batcher((in, out) -> {
            hold.await();
            Tensor x = in.get("x");
            for (int i = 0; i < x.elementCount(); i++) {
                if (x.elementAsDouble(i) < 0) {
                    throw new IllegalArgumentException("negative input");
                }
            }
            return doubling(in, out);
        }, metrics, 8, 0, 16)) {
            batcher.submit(request(0));
            Thread.sleep(50);
            CompletableFuture<Map<String, Tensor>> good = batcher.submit(request(1));
            CompletableFuture<Map<String, Tensor>> bad = batcher.submit(request(-1));
            hold.countDown();
            assertThat(first(good)).isEqualTo(2);
            assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class)
                    .hasMessageContaining("the model run failed: negative input");
        }
    }

    @Test
    void closingFinishesQueuedRequests() throws Exception {
        List<CompletableFuture<Map<String, Tensor>>> results = new ArrayList<>();
        Batcher batcher = new Batcher((in, out) -> {
            Thread.sleep(20);
            return doubling(in, out);
        }, metrics, 1, 0, 16);
        for (int i = 0; i < 5; i++) {
            results.add(batcher.submit(request(i)));
        }
        batcher.close();
        for (int i = 0; i < 5; i++) {
            assertThat(results.get(i)).isCompleted();
            assertThat(first(results.get(i))).isEqualTo(2 * i);
        }
        assertThatThrownBy(() -> batcher.submit(request(9))).hasMessageContaining("shutting down");
    }
}
