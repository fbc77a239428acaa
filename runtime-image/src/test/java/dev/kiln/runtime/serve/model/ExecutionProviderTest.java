package dev.kiln.runtime.serve.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs against the CPU build of ONNX Runtime that the tests use, which has no GPU providers. */
class ExecutionProviderTest {

    @Test
    void cpuIsAlwaysAvailable() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        assertThat(ExecutionProvider.availableProviderNames(env)).contains("cpu");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            ExecutionProvider.CPU.attach(env, options);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ExecutionProvider.class, names = {"CUDA", "TENSORRT", "CANN"})
    void anUnavailableProviderFailsListingTheAvailableOnes(ExecutionProvider provider) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            assertThatThrownBy(() -> provider.attach(env, options)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("execution provider '" + provider.optionName() + "' (--ep) is not available")
                    .hasMessageContaining("available: [cpu");
        }
    }
}
