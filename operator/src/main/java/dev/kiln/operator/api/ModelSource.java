package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public class ModelSource {

    @Required
    @Pattern(Patterns.MODEL_URI)
    @JsonPropertyDescription("Where the ONNX file is: pvc://<claim>/<path> (a PersistentVolumeClaim in this "
            + "namespace) or https://<host>/<path>.")
    public String uri;

    @Pattern(Patterns.SHA256)
    @JsonPropertyDescription("Optional sha256 of the file, 64 lower-case hex digits; the optimizer refuses a file "
            + "that does not match.")
    public String sha256;

    @Required
    @Pattern(Patterns.MODEL_NAME)
    @Size(max = 63)
    @JsonPropertyDescription("The model name clients use: /v2/models/<name>/infer.")
    public String name;
}
