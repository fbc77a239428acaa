package dev.kiln.operator.reconciler;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentSpec;
import dev.kiln.operator.api.ModelSource;
import dev.kiln.operator.api.OptimizationPass;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.List;

/** ModelDeployments as a user would apply them, for the operator-loop tests. */
final class TestModelDeployments {

    private TestModelDeployments() {
    }

    static ModelDeployment orientation(String name, String namespace) {
        ModelDeployment md = new ModelDeployment();
        md.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        ModelDeploymentSpec spec = new ModelDeploymentSpec();
        spec.model = new ModelSource();
        spec.model.uri = "pvc://models/ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx";
        spec.model.name = "text-orientation";
        spec.optimization.passes = List.of(OptimizationPass.GRAPH);
        spec.optimization.deadlineSeconds = 600;
        spec.serving.replicas = 2;
        spec.serving.accelerator = "cpu";
        md.setSpec(spec);
        return md;
    }
}
