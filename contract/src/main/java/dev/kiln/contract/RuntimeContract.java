package dev.kiln.contract;

/**
 * The runtime image's command line, environment and metric names: the operator builds pods from them and
 * the canary analysis reads the metrics, so they are named once, here.
 */
public final class RuntimeContract {

    private RuntimeContract() {
    }

    public static final String SERVE = "serve";
    public static final String OPTIMIZE = "optimize";

    /** Environment variables; each {@code serve} option can be set through one of these. */
    public static final class Env {
        public static final String MODEL = "KILN_MODEL";
        public static final String MODEL_NAME = "KILN_MODEL_NAME";
        public static final String PORT = "KILN_PORT";
        public static final String EXECUTION_PROVIDER = "KILN_EP";
        public static final String THREADS = "KILN_THREADS";
        public static final String MAX_BATCH = "KILN_MAX_BATCH";
        public static final String BATCH_DELAY_MICROS = "KILN_BATCH_DELAY_MICROS";
        /** Metric labels: which ModelDeployment revision and track this server is. */
        public static final String REVISION = "KILN_REVISION";
        public static final String TRACK = "KILN_TRACK";
        /** Shadow comparison: a canary's base URL and the fraction of requests mirrored to it. */
        public static final String SHADOW_URL = "KILN_SHADOW_URL";
        public static final String SHADOW_FRACTION = "KILN_SHADOW_FRACTION";
        /**
         * A file of live shadow settings ({@link ShadowSettings}), re-read while serving: when it exists it
         * overrides {@link #SHADOW_URL} and {@link #SHADOW_FRACTION}, so mirroring starts and stops without a
         * restart.
         */
        public static final String SHADOW_CONFIG_FILE = "KILN_SHADOW_CONFIG_FILE";

        private Env() {
        }
    }

    /** HTTP paths of the server. */
    public static final class Paths {
        public static final String LIVE = "/v2/health/live";
        public static final String READY = "/v2/health/ready";
        public static final String METRICS = "/q/metrics";

        private Paths() {
        }
    }

    /** Prometheus metric names (as scraped) and their labels. */
    public static final class Metrics {
        /** Counter; labels model, revision, track, outcome (success, client_error, server_error). */
        public static final String REQUESTS = "kiln_inference_requests_total";
        /** Histogram (seconds) of server-side request latency: _bucket, _sum, _count. */
        public static final String REQUEST_LATENCY = "kiln_inference_request_seconds";
        /** Histogram (seconds) of model compute time per run. */
        public static final String COMPUTE_LATENCY = "kiln_inference_compute_seconds";
        /** Histogram (seconds) of time spent waiting in the batching queue. */
        public static final String QUEUE_LATENCY = "kiln_inference_queue_seconds";
        /** Distribution of the number of requests per model run. */
        public static final String BATCH_SIZE = "kiln_inference_batch_size";
        /** Counter; labels model, revision, track, result (agree, disagree, error). */
        public static final String SHADOW_COMPARISONS = "kiln_shadow_comparisons_total";
        /** Gauge; labels model, revision, track: the fraction of requests being mirrored now, 0 when off. */
        public static final String SHADOW_FRACTION = "kiln_shadow_mirror_fraction";

        public static final String LABEL_MODEL = "model";
        public static final String LABEL_REVISION = "revision";
        public static final String LABEL_TRACK = "track";
        public static final String LABEL_OUTCOME = "outcome";
        public static final String LABEL_RESULT = "result";

        private Metrics() {
        }
    }
}
