package dev.kiln.runtime.optimize.variant;

import ai.onnx.proto.OnnxMl;
import dev.kiln.runtime.optimize.FloatTensor;
import dev.kiln.runtime.optimize.TestModels;
import dev.kiln.runtime.optimize.pass.Passes;
import dev.kiln.runtime.optimize.TestPasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VariantBuilderTest {

    @TempDir
    Path work;

    private VariantBuilder builder() {
        return new VariantBuilder(TestPasses.damagingOneNode(), List.of(), "cpu", 1, work);
    }

    private static List<PassStep> pipeline(String... passes) {
        return VariantPlanner.pipelines(List.of(passes), null, "cpu", true, n -> { }).get(0);
    }

    @Test
    void appliesThePassesInOrderAndHonoursKeepInFloat() throws Exception {
        OnnxMl.ModelProto model = TestModels.mlp(1, 4, 8, 3);

        OnnxMl.ModelProto all = builder().apply(model, pipeline("graph", "int8-dynamic"), Set.of());
        OnnxMl.ModelProto keptFc1 = builder().apply(model, pipeline("graph", "int8-dynamic"), Set.of("fc1"));

        assertThat(all.getDocString()).isEqualTo("passed through graph");
        assertThat(all.getGraph().getInitializer(0)).isNotEqualTo(model.getGraph().getInitializer(0));
        assertThat(keptFc1.getGraph().getInitializer(0)).isEqualTo(model.getGraph().getInitializer(0));
        assertThat(keptFc1.getGraph().getInitializer(1)).isEqualTo(all.getGraph().getInitializer(1));
        assertThat(model.getDocString()).as("the input model is untouched").isEmpty();
    }

    @Test
    void trialsOfTheSameFloatModelReuseItsCalibration() throws Exception {
        OnnxMl.ModelProto model = TestModels.mlp(1, 4, 8, 8, 3);
        java.util.Random random = new java.util.Random(3);
        List<Map<String, FloatTensor>> feeds = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] x = new float[4];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextGaussian();
            }
            feeds.add(Map.of("x", new FloatTensor(new long[] {1, 4}, x)));
        }
        VariantBuilder builder = new VariantBuilder(Passes::create, feeds, "cpu", 1, work);

        OnnxMl.ModelProto all = builder.apply(model, pipeline("int8-static:minmax"), Set.of());
        builder.apply(model, pipeline("int8-static:minmax"), Set.of("fc1"));
        builder.apply(model, pipeline("int8-static:minmax"), Set.of("fc2", "fc3"));
        assertThat(builder.calibrations()).as("one float model, one calibration").isEqualTo(1);
        assertThat(builder.apply(model, pipeline("int8-static:minmax"), Set.of()))
                .as("cached ranges give the same model").isEqualTo(all);

        builder.apply(model, pipeline("prune", "int8-static:minmax"), Set.of());
        builder.apply(model, pipeline("prune", "int8-static:minmax"), Set.of("fc1"));
        builder.apply(model, pipeline("int8-static:percentile"), Set.of());
        assertThat(builder.calibrations()).as("prune keeping fc1 makes another float model; another method")
                .isEqualTo(4);
    }

    @Test
    void quantizableNodesAreTheOnesTheFirstQuantizingPassSees() throws Exception {
        List<String> nodes = builder().quantizableNodes(TestModels.mlp(1, 4, 8, 8, 3), pipeline("graph", "int8-dynamic"));

        assertThat(nodes).containsExactly("fc1", "fc2", "fc3");
    }
}
