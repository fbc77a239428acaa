package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.ServeConfig;
import dev.kiln.runtime.serve.metrics.ServeMetrics;
import dev.kiln.runtime.serve.model.LoadAbandonedException;
import dev.kiln.runtime.serve.model.LoadedModel;
import dev.kiln.runtime.serve.model.ModelRepository;
import dev.kiln.runtime.serve.model.ModelSignature;
import dev.kiln.runtime.serve.protocol.InferRequest;
import dev.kiln.runtime.serve.protocol.ProtocolException;
import dev.kiln.runtime.serve.shadow.OutputComparator;
import dev.kiln.runtime.serve.shadow.ShadowMirror;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Between the REST layer and the model: checks that a request is for this model and fits it, queues it for
 * (possibly batched) execution, and mirrors a fraction of the answers to a shadow server. Ready once the model is
 * loaded and warmed up.
 */
@ApplicationScoped
public class DataPlane {

    private static final Logger LOG = Logger.getLogger(DataPlane.class);

    /** Everything that exists once the model is loaded. */
    private record Serving(LoadedModel model, RequestValidator validator, Batcher batcher, Optional<ShadowMirror> shadow) {
    }

    @Inject
    ServeConfig config;

    @Inject
    ModelRepository repository;

    @Inject
    ServeMetrics metrics;

    private volatile Serving serving;
    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        repository.verifyStartable();
        repository.loadAsync().whenComplete((model, failure) -> {
            if (failure != null) {
                if (failure instanceof LoadAbandonedException) {
                    LOG.info(failure.getMessage());
                    return;
                }
                LOG.errorf(failure, "could not load model %s; stopping", config.model());
                Quarkus.asyncExit(1);
                return;
            }
            if (stopping) {
                closeQuietly(model);
                return;
            }
            serving = start(model);
            LOG.infof("model %s is ready", config.name());
        });
    }

    private Serving start(LoadedModel model) {
        ModelSignature signature = model.signature();
        int maxRows = signature.batchable() ? config.maxBatch() : 1;
        if (config.maxBatch() > 1 && !signature.batchable()) {
            LOG.infof("dynamic batching is off: the model's first dimension is fixed or missing on some input or output");
        }
        Batcher batcher = new Batcher(model::run, metrics, maxRows, config.batchDelayMicros(), config.queueCapacity());
        Optional<ShadowMirror> shadow = config.shadow().url().filter(url -> config.shadow().fraction() > 0)
                .map(url -> new ShadowMirror(url, config.name(), config.shadow().fraction(), config.shadow().maxInFlight(),
                        config.shadow().timeout(),
                        new OutputComparator(config.shadow().minCosine(), config.shadow().maxAbsDifference()), metrics));
        shadow.ifPresent(s -> LOG.infof("mirroring %.1f%% of requests to %s", 100 * config.shadow().fraction(), s.inferUri()));
        return new Serving(model, new RequestValidator(signature, config.allowNonFinite()), batcher, shadow);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        repository.stop();
        Serving current = serving;
        serving = null;
        if (current != null) {
            current.batcher().close();
            current.shadow().ifPresent(ShadowMirror::close);
            closeQuietly(current.model());
        }
    }

    private static void closeQuietly(LoadedModel model) {
        try {
            model.close();
        } catch (Exception e) {
            LOG.debugf(e, "closing the session");
        }
    }

    public boolean ready() {
        return serving != null;
    }

    public String modelName() {
        return config.name();
    }

    public String modelVersion() {
        return config.revision();
    }

    /** The model's signature; 404 for another name, 503 while loading. */
    public ModelSignature signature(String modelName) {
        return serving(modelName).model().signature();
    }

    /** Validates and queues a request; the future completes with the outputs or a {@link ProtocolException}. */
    public CompletableFuture<InferenceResult> infer(String modelName, InferRequest request) {
        Serving current = serving(modelName);
        ValidatedRequest validated = current.validator().validate(request);
        return current.batcher().submit(validated).thenApply(outputs -> {
            current.shadow().ifPresent(shadow -> shadow.offer(validated, outputs));
            return new InferenceResult(validated, outputs);
        });
    }

    private Serving serving(String modelName) {
        checkName(modelName);
        Serving current = serving;
        if (current == null) {
            throw ProtocolException.unavailable("model '" + modelName + "' is not ready yet (loading or stopping)");
        }
        return current;
    }

    public void checkName(String modelName) {
        if (!config.name().equals(modelName)) {
            throw ProtocolException.notFound("model '" + modelName + "' is not served here; this server serves '"
                    + config.name() + "'");
        }
    }
}
