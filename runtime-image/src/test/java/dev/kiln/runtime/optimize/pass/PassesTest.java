package dev.kiln.runtime.optimize.pass;

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
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> Passes.create("int4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("int4").hasMessageContaining("int8-static");
    }
}
