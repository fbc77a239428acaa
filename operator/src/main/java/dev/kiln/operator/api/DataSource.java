package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "self.format != 'image-folder' || has(self.preprocessing)",
        message = "preprocessing is required for format image-folder: say how images become tensors")
@ValidationRule(value = "self.format == 'npy' || !has(self.labelsUri)",
        message = "labelsUri is only for format npy; image folders take labels from folder names")
public class DataSource {

    public enum Format {
        @JsonProperty("image-folder") IMAGE_FOLDER,
        @JsonProperty("npy") NPY
    }

    @Required
    @Pattern(Patterns.DATA_URI)
    @JsonPropertyDescription("Where the data is: pvc://<claim>/<path> (a folder for image-folder, a file for npy).")
    public String uri;

    @Required
    @JsonPropertyDescription("image-folder: <label>/<image> PNG or JPEG files; npy: one float32 tensor whose first "
            + "dimension is the sample.")
    public Format format;

    @Pattern(Patterns.DATA_URI)
    @JsonPropertyDescription("For npy: an integer .npy file with one label per sample.")
    public String labelsUri;

    @JsonPropertyDescription("For image-folder: how images become the model's input tensor.")
    public Preprocessing preprocessing;

    @Min(1)
    @JsonPropertyDescription("Use at most this many samples.")
    public Integer limit;
}
