package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the optimizer stores the selected variant, in the names plans and the runtime use. */
public enum ArtifactCompression {
    @JsonProperty("none") NONE("none"),
    @JsonProperty("gzip") GZIP("gzip");

    private final String wireName;

    ArtifactCompression(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
