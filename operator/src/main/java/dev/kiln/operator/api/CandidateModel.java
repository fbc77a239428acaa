package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class CandidateModel {

    @Required
    @Pattern(Patterns.MODEL_NAME)
    @Size(max = 63)
    @JsonPropertyDescription("Name of the candidate, used in variant names and status.")
    public String name;

    @Required
    @Pattern(Patterns.MODEL_URI)
    @JsonPropertyDescription("Where the candidate's ONNX file is: pvc://<claim>/<path> or https://<host>/<path>.")
    public String uri;

    @Pattern(Patterns.SHA256)
    @JsonPropertyDescription("Optional sha256 of the file, 64 lower-case hex digits.")
    public String sha256;
}
