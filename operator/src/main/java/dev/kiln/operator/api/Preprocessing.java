package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

@ValidationRule(value = "!has(self.std) || self.std.all(s, s > 0.0)",
        message = "preprocessing.std values must be greater than 0")
@ValidationRule(value = "!has(self.crop) || (self.crop.width <= self.resize.width && self.crop.height <= self.resize.height)",
        message = "preprocessing.crop must fit inside preprocessing.resize")
public class Preprocessing {

    public enum ResizeMode {
        @JsonProperty("stretch") STRETCH,
        @JsonProperty("fit-pad") FIT_PAD,
        @JsonProperty("shorter-side") SHORTER_SIDE
    }

    public enum ChannelOrder { RGB, BGR }

    public enum Layout { NCHW, NHWC }

    public static class Resize {
        @Required
        @Min(1)
        @Max(8192)
        @JsonPropertyDescription("Target width in pixels.")
        public Integer width;

        @Required
        @Min(1)
        @Max(8192)
        @JsonPropertyDescription("Target height in pixels.")
        public Integer height;

        @Default("stretch")
        @JsonPropertyDescription("stretch: ignore the aspect ratio; fit-pad: keep it, fit inside, zero-pad right and "
                + "bottom; shorter-side: keep it, shorter side to min(width, height), then crop.")
        public ResizeMode mode = ResizeMode.STRETCH;
    }

    public static class Crop {
        @Required
        @Min(1)
        @JsonPropertyDescription("Centre-crop width in pixels.")
        public Integer width;

        @Required
        @Min(1)
        @JsonPropertyDescription("Centre-crop height in pixels.")
        public Integer height;
    }

    @Required
    @JsonPropertyDescription("Resize to the model's input size.")
    public Resize resize;

    @JsonPropertyDescription("Optional centre crop after resizing.")
    public Crop crop;

    @Size(min = 3, max = 3)
    @JsonPropertyDescription("Per-channel mean on the [0,1] scale, in channelOrder; default 0.")
    public List<Double> mean;

    @Size(min = 3, max = 3)
    @JsonPropertyDescription("Per-channel standard deviation on the [0,1] scale, in channelOrder; default 1.")
    public List<Double> std;

    @Default("RGB")
    @JsonPropertyDescription("Channel order the model expects.")
    public ChannelOrder channelOrder = ChannelOrder.RGB;

    @Default("NCHW")
    @JsonPropertyDescription("Tensor layout the model expects.")
    public Layout layout = Layout.NCHW;
}
