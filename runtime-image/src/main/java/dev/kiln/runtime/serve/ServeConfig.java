package dev.kiln.runtime.serve;

import dev.kiln.runtime.serve.model.ExecutionProvider;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The server's settings. {@code serve} sets them from its command line (whose defaults come from the KILN_*
 * environment variables); tests set them through profiles. Names are {@code kiln.serve.*}.
 */
@ConfigMapping(prefix = "kiln.serve")
public interface ServeConfig {

    /** The ONNX file to serve. */
    Path model();

    /** The model name clients use in {@code /v2/models/{name}}. */
    String name();

    @WithDefault("cpu")
    ExecutionProvider ep();

    /** Intra-op threads of the ONNX Runtime session; 0 leaves it to ONNX Runtime (one per core). */
    @WithDefault("0")
    int threads();

    /** Most rows stacked into one model run; 1 turns dynamic batching off. */
    @WithDefault("8")
    int maxBatch();

    /** How long the first request of a batch waits for company; 0 stacks only what is already queued. */
    @WithDefault("0")
    long batchDelayMicros();

    /** Requests waiting for the model beyond which new requests are refused with 503. */
    @WithDefault("64")
    int queueCapacity();

    /** Largest accepted request body; larger ones are refused with 413. */
    @WithDefault("67108864")
    long maxRequestBytes();

    /** Runs on zero inputs before the server reports ready. */
    @WithDefault("3")
    int warmupRuns();

    /** Accept NaN and infinities in floating-point inputs (off: such requests are refused with 400). */
    @WithDefault("false")
    boolean allowNonFinite();

    /** Metric label: the ModelDeployment revision this server runs. */
    @WithDefault("unknown")
    String revision();

    /** Metric label: the track (e.g. stable, canary) this server runs in. */
    @WithDefault("stable")
    String track();

    Shadow shadow();

    /** Mirroring a fraction of requests to a canary and comparing the answers. */
    interface Shadow {
        /** The canary's base URL, e.g. {@code http://model-canary:8080}; absent turns shadowing off. */
        Optional<URI> url();

        /** Fraction of successful requests mirrored, 0 to 1. */
        @WithDefault("0")
        double fraction();

        /**
         * A file of live settings ({@code {"url": ..., "fraction": ...}}), re-read while serving; while it exists it
         * overrides url and fraction.
         */
        Optional<Path> configFile();

        /** How often the settings file is read. */
        @WithDefault("1s")
        Duration configPoll();

        /** Mirrored requests in flight (queued or sent) beyond which further ones are skipped. */
        @WithDefault("16")
        int maxInFlight();

        @WithDefault("2s")
        Duration timeout();

        /** Non-class outputs agree when cosine similarity is at least this ... */
        @WithDefault("0.999")
        double minCosine();

        /** ... and no element differs by more than this. */
        @WithDefault("0.001")
        double maxAbsDifference();
    }
}
