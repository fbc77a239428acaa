package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A revision Kiln will scale to zero once its delay has passed. */
public class ScaleDownStatus {

    @JsonPropertyDescription("The revision to scale down.")
    public String revision;

    @JsonPropertyDescription("When (RFC 3339).")
    public String at;
}
