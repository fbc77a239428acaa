package dev.kiln.operator.api;

/** Regular expressions the CRD schema enforces at admission. */
final class Patterns {

    /** pvc://claim/path, claim a DNS-1123 label, or https://host/path. */
    static final String MODEL_URI = "^(pvc://[a-z0-9]([-a-z0-9]*[a-z0-9])?/[^\\s]+|https://[^\\s/]+/[^\\s]*)$";
    static final String DATA_URI = MODEL_URI;
    static final String SHA256 = "^[a-f0-9]{64}$";
    static final String MODEL_NAME = "^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$";
    /** Go-style durations as Kubernetes tools write them: 30s, 5m, 1h30m, 500ms. */
    static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

    private Patterns() {
    }
}
