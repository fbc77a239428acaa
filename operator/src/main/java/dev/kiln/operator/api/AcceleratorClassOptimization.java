package dev.kiln.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

@ValidationRule(value = "!has(self.autoPasses) || !self.autoPasses.exists(p, p == 'auto')",
        message = "spec.optimization.autoPasses lists what auto expands to, so it cannot contain auto")
@ValidationRule(value = "!has(self.autoPasses) || self.autoPasses.all(p, self.autoPasses.exists_one(q, q == p))",
        message = "spec.optimization.autoPasses: each pass may appear once")
public class AcceleratorClassOptimization {

    @Size(max = 5)
    @JsonPropertyDescription("Passes a ModelDeployment's passes: [auto] tries on this class, e.g. [graph, fp16] "
            + "for GPUs, [graph, int8-dynamic] for CPUs and NPUs. Empty: the optimizer's own default for the "
            + "execution provider.")
    public List<OptimizationPass> autoPasses = new ArrayList<>();

    @Default("false")
    @JsonPropertyDescription("Measure latency on this hardware: the optimization Job then gets this class's "
            + "placement, image and execution provider. Otherwise it runs on CPU.")
    public Boolean measureOnClass = false;
}
