package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.candidates) || self.candidates.all(c, c.name != self.model.name)",
        message = "spec.candidates[].name must differ from spec.model.name: the primary model already uses that name")
@ValidationRule(value = "!has(self.candidates) || self.candidates.all(c, self.candidates.exists_one(d, d.name == c.name))",
        message = "spec.candidates[].name must be unique")
public class ModelDeploymentSpec {

    @Required
    @JsonPropertyDescription("The model to serve: where it is stored, its digest and the name it is served under.")
    public ModelSource model;

    @JsonPropertyDescription("Other models the optimizer may choose instead of spec.model, such as a distilled "
            + "student; each goes through the same passes and is measured against spec.model's float32 accuracy.")
    @Size(max = 8)
    public List<CandidateModel> candidates = new ArrayList<>();

    @JsonPropertyDescription("How the optimization Job turns the model into the served variant.")
    public OptimizationSpec optimization = new OptimizationSpec();

    @JsonPropertyDescription("The inference pods: replicas, hardware and the usual pod settings.")
    public ServingSpec serving = new ServingSpec();

    @JsonPropertyDescription("How a new revision reaches traffic: canary steps, analysis and traffic routing.")
    public RolloutSpec rollout = new RolloutSpec();
}
