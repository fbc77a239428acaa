package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.passes) || !self.passes.exists(p, p == 'auto') || self.passes.size() == 1",
        message = "spec.optimization.passes: 'auto' stands alone; list explicit passes or just [auto]")
@ValidationRule(value = "!has(self.passes) || self.passes.all(p, self.passes.exists_one(q, q == p))",
        message = "spec.optimization.passes: each pass may appear once")
@ValidationRule(value = "!has(self.passes) || !self.passes.exists(p, p == 'int8-static') || has(self.calibration)",
        message = "spec.optimization.calibration is required when passes include int8-static")
@ValidationRule(value = "!has(self.goals) || !has(self.goals.maxAccuracyDrop) || has(self.validation)",
        message = "spec.optimization.validation is required when goals.maxAccuracyDrop is set: accuracy is measured on it")
public class OptimizationSpec {

    @JsonPropertyDescription("Ordered passes to apply: graph, int8-dynamic, int8-static, fp16, prune; or [auto] to "
            + "let the optimizer try a set that suits the target hardware and pick by the goals. Empty: serve "
            + "the model as it is.")
    @Size(max = 6)
    public List<OptimizationPass> passes = new ArrayList<>();

    @JsonPropertyDescription("Data for static quantization (int8-static).")
    public DataSource calibration;

    @JsonPropertyDescription("Data on which accuracy and agreement with the original model are measured.")
    public DataSource validation;

    @JsonPropertyDescription("What the selected variant must meet, and what to minimise among those that do.")
    public Goals goals;

    @Default("none")
    @JsonPropertyDescription("How the selected model is stored: none (model.onnx) or gzip (model.onnx.gz, which "
            + "the server decompresses on load). With gzip, goals.maxSizeBytes and the size objective judge the "
            + "compressed bytes; it pays for pruned int8 models, whose zeroed weights compress well.")
    public ArtifactCompression artifactCompression = ArtifactCompression.NONE;

    @Min(60)
    @Max(86400)
    @Default("3600")
    @JsonPropertyDescription("Seconds the optimization Job may run before it fails (activeDeadlineSeconds).")
    public Integer deadlineSeconds = 3600;

    @JsonPropertyDescription("Resources of the optimization Job's container; the operator's configured default "
            + "when unset.")
    public ResourceRequirements resources;
}
