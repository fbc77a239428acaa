package dev.kiln.runtime.serve;

import dev.kiln.contract.RuntimeContract;
import dev.kiln.runtime.serve.model.ExecutionProvider;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code serve}: parses the options, hands them to Quarkus as {@code kiln.serve.*} settings, and runs the server. */
@CommandLine.Command(name = RuntimeContract.SERVE, mixinStandardHelpOptions = true,
        description = "Serve an ONNX model over the Open Inference Protocol (KServe v2) REST API. "
                + "Every option can also be set through the environment variable named in its description.")
public class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "${env:" + RuntimeContract.Env.MODEL + "}",
            description = "The ONNX model file to serve (env " + RuntimeContract.Env.MODEL + ").")
    Path model;

    @Option(names = "--name", defaultValue = "${env:" + RuntimeContract.Env.MODEL_NAME + "}",
            description = "Model name in /v2/models/{name} (env " + RuntimeContract.Env.MODEL_NAME
                    + "; default: the file name without .onnx).")
    String name;

    @Option(names = "--port", defaultValue = "${env:" + RuntimeContract.Env.PORT + ":-8080}",
            description = "HTTP port (env " + RuntimeContract.Env.PORT + "; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--ep", defaultValue = "${env:" + RuntimeContract.Env.EXECUTION_PROVIDER + ":-cpu}",
            description = "Execution provider: cpu, cuda, tensorrt, openvino, cann (env "
                    + RuntimeContract.Env.EXECUTION_PROVIDER + "; default ${DEFAULT-VALUE}). "
                    + "An unavailable provider stops start-up; there is no silent fallback.")
    String ep;

    @Option(names = "--threads", defaultValue = "${env:" + RuntimeContract.Env.THREADS + ":-0}",
            description = "ONNX Runtime intra-op threads; 0 = one per core (env " + RuntimeContract.Env.THREADS
                    + "; default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-batch", defaultValue = "${env:" + RuntimeContract.Env.MAX_BATCH + ":-8}",
            description = "Most rows stacked into one model run; 1 turns batching off (env "
                    + RuntimeContract.Env.MAX_BATCH + "; default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--batch-delay-micros", defaultValue = "${env:" + RuntimeContract.Env.BATCH_DELAY_MICROS + ":-0}",
            description = "How long a request waits for others to batch with; 0 batches only requests already "
                    + "queued (env " + RuntimeContract.Env.BATCH_DELAY_MICROS + "; default ${DEFAULT-VALUE}).")
    long batchDelayMicros;

    @Option(names = "--shadow-config", paramLabel = "FILE",
            defaultValue = "${env:" + RuntimeContract.Env.SHADOW_CONFIG_FILE + "}",
            description = "Live shadow settings, JSON {\"url\": ..., \"fraction\": ...}, re-read every second: "
                    + "mirroring starts, changes and stops without a restart; while the file is absent "
                    + RuntimeContract.Env.SHADOW_URL + " and " + RuntimeContract.Env.SHADOW_FRACTION
                    + " apply (env " + RuntimeContract.Env.SHADOW_CONFIG_FILE + ").")
    Path shadowConfig;

    @Override
    public Integer call() {
        Map<String, String> settings = settings();
        settings.forEach(System::setProperty);
        AtomicInteger exitCode = new AtomicInteger();
        Quarkus.run(ServeApplication.class, (code, failure) -> {
            if (failure != null) {
                // Quarkus wraps start-up failures; the innermost cause says what to fix.
                Throwable cause = failure;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                System.err.println("serve: " + cause.getMessage());
            }
            exitCode.set(code);
        });
        return exitCode.get();
    }

    /** Checks the options and turns them into configuration properties. */
    Map<String, String> settings() {
        if (model == null) {
            throw usage("--model (or " + RuntimeContract.Env.MODEL + ") is required: the ONNX file to serve");
        }
        if (!Files.isRegularFile(model)) {
            throw usage("--model " + model + " does not exist or is not a file");
        }
        ExecutionProvider provider = parseProvider(ep);
        if (port < 1 || port > 65535) {
            throw usage("--port must be 1 to 65535, got " + port);
        }
        if (threads < 0) {
            throw usage("--threads must be 0 (one per core) or more, got " + threads);
        }
        if (maxBatch < 1) {
            throw usage("--max-batch must be 1 (no batching) or more, got " + maxBatch);
        }
        if (batchDelayMicros < 0) {
            throw usage("--batch-delay-micros must be 0 or more, got " + batchDelayMicros);
        }
        String modelName = name == null || name.isBlank()
                ? model.getFileName().toString().replaceFirst("\\.onnx$", "") : name;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kiln.serve.model", model.toAbsolutePath().toString());
        settings.put("kiln.serve.name", modelName);
        settings.put("kiln.serve.ep", provider.optionName());
        settings.put("kiln.serve.threads", Integer.toString(threads));
        settings.put("kiln.serve.max-batch", Integer.toString(maxBatch));
        settings.put("kiln.serve.batch-delay-micros", Long.toString(batchDelayMicros));
        settings.put("quarkus.http.port", Integer.toString(port));
        if (shadowConfig != null) {
            // The file may appear later (a ConfigMap created once mirroring is first wanted): only its path is kept.
            settings.put("kiln.serve.shadow.config-file", shadowConfig.toAbsolutePath().toString());
        }
        return settings;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private ExecutionProvider parseProvider(String value) {
        for (ExecutionProvider provider : ExecutionProvider.values()) {
            if (provider.optionName().equalsIgnoreCase(value)) {
                return provider;
            }
        }
        throw usage("--ep " + value + " is not one of cpu, cuda, tensorrt, openvino, cann");
    }
}
