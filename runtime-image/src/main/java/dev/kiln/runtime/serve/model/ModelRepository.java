package dev.kiln.runtime.serve.model;

import ai.onnxruntime.OrtEnvironment;
import dev.kiln.runtime.serve.ServeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Loads the one model this server serves: checks what can be checked at once, then opens and warms it up. */
@ApplicationScoped
public class ModelRepository {

    private static final Logger LOG = Logger.getLogger(ModelRepository.class);

    @Inject
    ServeConfig config;

    private volatile boolean stopping;

    /** Called when the server stops: a warm-up still running gives up instead of holding the process. */
    public void stop() {
        stopping = true;
    }


    /** Fails start-up at once for a missing file or an execution provider this build lacks. */
    public void verifyStartable() {
        if (!Files.isRegularFile(config.model())) {
            throw new IllegalStateException("model file " + config.model() + " (--model, KILN_MODEL) does not exist");
        }
        List<String> available = ExecutionProvider.availableProviderNames(OrtEnvironment.getEnvironment());
        if (!available.contains(config.ep().optionName())) {
            throw new IllegalStateException("execution provider '" + config.ep().optionName() + "' (--ep, KILN_EP) is"
                    + " not available in this build of ONNX Runtime; available: " + available
                    + ". Use the GPU flavour of the image for cuda/tensorrt, or pick an available provider.");
        }
    }

    /** Opens the model and warms it up on a background thread, so liveness answers while a large model loads. */
    public CompletableFuture<LoadedModel> loadAsync() {
        CompletableFuture<LoadedModel> loaded = new CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                loaded.complete(load());
            } catch (Throwable e) {
                loaded.completeExceptionally(e);
            }
        }, "kiln-model-loader");
        loader.setDaemon(true);
        loader.start();
        return loaded;
    }

    private LoadedModel load() throws Exception {
        long start = System.nanoTime();
        LoadedModel model = LoadedModel.open(config.model(), config.ep(), config.threads());
        try {
            if (!model.warmUp(config.warmupRuns(), () -> !stopping)) {
                model.close();
                throw new LoadAbandonedException();
            }
        } catch (LoadAbandonedException e) {
            throw e;
        } catch (Exception e) {
            if (model.onlyBatchDimensionIsDynamic()) {
                model.close();
                throw new IllegalStateException("the model failed its warm-up run on zeros: " + e.getMessage(), e);
            }
            // With dynamic spatial dimensions a size of 1 may be invalid for the model; real requests decide.
            LOG.warnf("warm-up skipped: the model has dynamic dimensions beyond the batch and rejected size 1: %s",
                    e.getMessage());
        }
        LOG.infof("model %s (%s) loaded on %s in %d ms: inputs %s, outputs %s", config.name(), config.model(),
                config.ep().optionName(), (System.nanoTime() - start) / 1_000_000,
                model.signature().inputNames(), model.signature().outputNames());
        return model;
    }
}
