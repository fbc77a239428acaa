package dev.kiln.runtime.optimize.pass;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import dev.kiln.runtime.onnx.SyntheticModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static dev.kiln.runtime.optimize.pass.PassFixtures.compare;
import static dev.kiln.runtime.optimize.pass.PassFixtures.context;
import static dev.kiln.runtime.optimize.pass.PassFixtures.feeds;
import static org.assertj.core.api.Assertions.assertThat;

class Float16PassTest {

    @TempDir
    Path work;

    private final OnnxMl.ModelProto convNet = SyntheticModels.convNet(7, true);

    @Test
    void weightsAndComputeAreHalfWhileTheInterfaceStaysFloat32() throws Exception {
        OnnxMl.ModelProto half = Passes.create("fp16").apply(convNet, context(work, List.of()));

        OnnxMl.GraphProto graph = half.getGraph();
        assertThat(graph.getInitializerList()).allSatisfy(t -> assertThat(t.getDataType()).isEqualTo(DataType.FLOAT16_VALUE));
        assertThat(graph.getInput(0).getType().getTensorType().getElemType()).isEqualTo(DataType.FLOAT_VALUE);
        assertThat(graph.getOutput(0).getType().getTensorType().getElemType()).isEqualTo(DataType.FLOAT_VALUE);
        assertThat(graph.getNodeList().stream().filter(n -> n.getOpType().equals("Cast")).count())
                .as("one Cast in, one Cast out").isEqualTo(2);
        assertThat(half.getSerializedSize()).isLessThan(convNet.getSerializedSize() * 55 / 100);
        double[] similarity = compare(convNet, half,
                feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 16, 2));
        assertThat(similarity[0]).isGreaterThan(0.999);
        assertThat(similarity[1]).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void keepInFloatNodesRunInFloat32BetweenCasts() throws Exception {
        OnnxMl.ModelProto half = Passes.create("fp16")
                .apply(convNet, context(work, List.of(), Set.of("conv3", "fc"), PassOptions.defaults()));
        OnnxMl.NodeProto conv3 = StaticQuantizationPassTest.node(half, "conv3");
        assertThat(conv3.getInput(1)).isEqualTo("conv3.weight");
        OnnxMl.TensorProto weight = half.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals("conv3.weight")).findFirst().orElseThrow();
        assertThat(weight.getDataType()).isEqualTo(DataType.FLOAT_VALUE);
        assertThat(conv3.getInput(0)).endsWith("_fp32");
        double[] similarity = compare(convNet, half,
                feeds(SyntheticModels.CONV_INPUT, SyntheticModels.CONV_INPUT_SHAPE, 8, 2));
        assertThat(similarity[0]).isGreaterThan(0.999);
    }

    @Test
    void opsWithoutFloat16KernelsStayOnTheBlockList() {
        assertThat(Float16Pass.FLOAT32_ONLY).contains("NonMaxSuppression", "RoiAlign", "TopK", "Range", "CumSum");
    }
}
