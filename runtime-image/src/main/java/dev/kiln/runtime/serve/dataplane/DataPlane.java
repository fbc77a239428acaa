package dev.kiln.runtime.serve.dataplane;

import dev.kiln.runtime.serve.ServeConfig;
import dev.kiln.runtime.serve.metrics.ServeMetrics;
import dev.kiln.runtime.serve.model.LoadAbandonedException;
import dev.kiln.runtime.serve.model.LoadedModel;
import dev.kiln.runtime.serve.model.ModelRepository;
import dev.kiln.runtime.serve.model.ModelSignature;
import dev.kiln.runtime.serve.protocol.InferRequest;
import dev.kiln.runtime.serve.protocol.ProtocolException;
import dev.kiln.contract.RuntimeContract;
import dev.kiln.contract.ShadowSettings;
import dev.kiln.runtime.serve.shadow.OutputComparator;
import dev.kiln.runtime.serve.shadow.ShadowConfigWatcher;
import dev.kiln.runtime.serve.shadow.ShadowMirror;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

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
    private record Serving(LoadedModel model, RequestValidator validator, Batcher batcher) {
    }

    @Inject
    ServeConfig config;

    @Inject
    ModelRepository repository;

    @Inject
    ServeMetrics metrics;

    private volatile Serving serving;
    private volatile boolean stopping;
    /** Off until the settings say where to; lives as long as the server so that settings can change live. */
    private ShadowMirror shadow;
    private ShadowConfigWatcher shadowWatcher;

    void onStart(@Observes StartupEvent event) {
        repository.verifyStartable();
        startShadow();
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
        return new Serving(model, new RequestValidator(signature, config.allowNonFinite()), batcher);
    }

    /**
     * The static settings (KILN_SHADOW_URL, KILN_SHADOW_FRACTION) apply unless a settings file is given; then the
     * file, re-read while serving, decides whenever it exists.
     */
    private void startShadow() {
        ServeConfig.Shadow settings = config.shadow();
        ShadowSettings fixed;
        try {
            fixed = new ShadowSettings(settings.url().orElse(null), settings.fraction());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("shadow settings (" + RuntimeContract.Env.SHADOW_URL + ", "
                    + RuntimeContract.Env.SHADOW_FRACTION + "): " + e.getMessage(), e);
        }
        shadow = new ShadowMirror(config.name(), settings.maxInFlight(), settings.timeout(),
                new OutputComparator(settings.minCosine(), settings.maxAbsDifference()), metrics);
        if (settings.configFile().isPresent()) {
            shadowWatcher = new ShadowConfigWatcher(settings.configFile().get(), config.revision(), fixed,
                    settings.configPoll(),
                    live -> shadow.mirrorTo(live.url(), live.fraction()));
            shadowWatcher.start();
        } else if (fixed.mirrors()) {
            shadow.mirrorTo(fixed.url(), fixed.fraction());
            LOG.infof("mirroring %.1f%% of requests to %s", 100 * fixed.fraction(), shadow.inferUri().orElseThrow());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        repository.stop();
        Serving current = serving;
        serving = null;
        if (shadowWatcher != null) {
            shadowWatcher.close();
        }
        if (current != null) {
            current.batcher().close();
            closeQuietly(current.model());
        }
        if (shadow != null) {
            shadow.close();
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
            shadow.offer(validated, outputs);
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
