package dev.kiln.runtime.optimize.pass;

import dev.kiln.runtime.onnx.SyntheticModels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PassesTest {

    @Test
    void everyNamedPassExistsUnderItsName() {
        for (String name : Passes.NAMES) {
            assertThat(Passes.create(name).name()).isEqualTo(name);
        }
    }

    @Test
    void quantizableNodesAreTheWeightedOnes() {
        assertThat(Passes.quantizableNodes(SyntheticModels.convNet(1, true)))
                .containsExactly("conv1", "conv2", "conv3", "conv4", "fc");
        assertThat(Passes.quantizableNodes(SyntheticModels.mlp(1))).containsExactly("matmul1", "matmul2", "matmul3");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> Passes.create("int4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int4").hasMessageContaining("int8-static");
    }
}
