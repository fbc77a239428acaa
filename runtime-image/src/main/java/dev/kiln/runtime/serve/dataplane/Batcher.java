package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.metrics.ServeMetrics;
import dev.kiln.runtime.serve.protocol.ProtocolException;
import dev.kiln.runtime.serve.tensor.Tensor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the model from a bounded queue on one thread. With batching on, the first queued request waits at most the
 * batch delay for others with the same non-batch shape; they run as one stacked model run (up to the row limit) and
 * each gets its rows back. Requests that queue while the model is busy are stacked without waiting, so under load
 * batches form even with a delay of 0. With batching off (row limit 1) every request runs alone.
 */
public final class Batcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Batcher.class);

    private record Pending(ValidatedRequest request, CompletableFuture<Map<String, Tensor>> result, long enqueuedNanos) {
    }

    private final ModelRunner model;
    private final ServeMetrics metrics;
    private final int maxRows;
    private final long delayNanos;
    private final BlockingQueue<Pending> queue;
    private final Thread worker;
    private volatile boolean stopping;

    public Batcher(ModelRunner model, ServeMetrics metrics, int maxRows, long delayMicros, int queueCapacity) {
        this.model = model;
        this.metrics = metrics;
        this.maxRows = maxRows;
        this.delayNanos = TimeUnit.MICROSECONDS.toNanos(delayMicros);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.worker = new Thread(this::work, "kiln-batcher");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Queues a request; refuses with 503 when the queue is full or the server is stopping. */
    public CompletableFuture<Map<String, Tensor>> submit(ValidatedRequest request) {
        if (stopping) {
            throw ProtocolException.unavailable("the server is shutting down; retry on another replica");
        }
        Pending pending = new Pending(request, new CompletableFuture<>(), System.nanoTime());
        if (!queue.offer(pending)) {
            throw ProtocolException.unavailable("the inference queue is full (" + (queue.size() + queue.remainingCapacity())
                    + " requests waiting, kiln.serve.queue-capacity); retry later");
        }
        return pending.result();
    }

    private void work() {
        Pending carried = null;
        while (true) {
            Pending first = carried;
            carried = null;
            if (first == null) {
                try {
                    first = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (first == null) {
                    if (stopping) {
                        refuseLeftovers();
                        return;
                    }
                    continue;
                }
            }
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            if (maxRows > 1 && first.request().stackKey().isPresent()) {
                carried = gather(first, batch);
            }
            execute(batch);
        }
    }

    /** Adds compatible requests to the batch until it is full or the first request's delay is up; returns a leftover. */
    private Pending gather(Pending first, List<Pending> batch) {
        long rows = first.request().rows();
        long deadline = first.enqueuedNanos() + delayNanos;
        while (rows < maxRows) {
            Pending next;
            long wait = deadline - System.nanoTime();
            try {
                next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (next == null) {
                return null;
            }
            if (!next.request().stackKey().equals(first.request().stackKey()) || rows + next.request().rows() > maxRows) {
                return next;
            }
            batch.add(next);
            rows += next.request().rows();
        }
        return null;
    }

    /** A request that raced past the stopping check after the queue was drained still gets an answer. */
    private void refuseLeftovers() {
        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.result().completeExceptionally(
                    ProtocolException.unavailable("the server is shutting down; retry on another replica"));
        }
    }

    private void execute(List<Pending> batch) {
        long start = System.nanoTime();
        for (Pending pending : batch) {
            metrics.queued(start - pending.enqueuedNanos());
        }
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        List<ValidatedRequest> requests = batch.stream().map(Pending::request).toList();
        Set<String> outputs = new LinkedHashSet<>();
        requests.forEach(r -> outputs.addAll(r.outputs()));
        List<Map<String, Tensor>> parts;
        try {
            Map<String, Tensor> result = model.run(BatchAssembly.stack(requests), outputs);
            metrics.computed(batch.size(), System.nanoTime() - start);
            parts = BatchAssembly.split(result, requests);
        } catch (Exception e) {
            // One bad request must not fail its neighbours, and an unsplittable model still answers: run each alone.
            LOG.debugf(e, "batched run of %d requests failed; running them one by one", batch.size());
            batch.forEach(this::runAlone);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(select(parts.get(i), batch.get(i).request().outputs()));
        }
    }

    private void runAlone(Pending pending) {
        long start = System.nanoTime();
        try {
            Map<String, Tensor> result = model.run(pending.request().inputs(), new LinkedHashSet<>(pending.request().outputs()));
            metrics.computed(1, System.nanoTime() - start);
            pending.result().complete(select(result, pending.request().outputs()));
        } catch (Exception e) {
            LOG.warnf("model run failed: %s", e.getMessage());
            pending.result().completeExceptionally(ProtocolException.internal("the model run failed: " + e.getMessage()));
        }
    }

    private static Map<String, Tensor> select(Map<String, Tensor> outputs, List<String> names) {
        Map<String, Tensor> selected = new LinkedHashMap<>();
        for (String name : names) {
            selected.put(name, outputs.get(name));
        }
        return selected;
    }

    /** Stops taking requests, finishes those already queued, and waits for the worker up to the timeout. */
    @Override
    public void close() {
        stopping = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
