package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The optimizer's passes, in the names plans and the runtime use. */
public enum OptimizationPass {
    @JsonProperty("graph") GRAPH("graph"),
    @JsonProperty("int8-dynamic") INT8_DYNAMIC("int8-dynamic"),
    @JsonProperty("int8-static") INT8_STATIC("int8-static"),
    @JsonProperty("fp16") FP16("fp16"),
    @JsonProperty("prune") PRUNE("prune"),
    @JsonProperty("auto") AUTO("auto");

    private final String wireName;

    OptimizationPass(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
