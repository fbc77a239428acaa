package dev.kiln.sandbox.kubelet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TerminationMessageTest {

    @TempDir
    Path dir;

    @Test
    void messageFileWinsAndIsCutAtTheKubeletLimit() throws Exception {
        Path file = Files.writeString(dir.resolve("msg"), "x".repeat(5000));
        Path log = Files.writeString(dir.resolve("log"), "log line");
        assertThat(TerminationMessage.read(file, log, 1, "FallbackToLogsOnError")).hasSize(TerminationMessage.MAX_BYTES);
    }

    @Test
    void logTailOnlyWhenTheFileIsEmptyTheContainerFailedAndThePolicyAsks() throws Exception {
        Path missing = dir.resolve("none");
        Path log = Files.writeString(dir.resolve("log"), "boom: no model");
        assertThat(TerminationMessage.read(missing, log, 1, "FallbackToLogsOnError")).isEqualTo("boom: no model");
        assertThat(TerminationMessage.read(missing, log, 0, "FallbackToLogsOnError")).isEmpty();
        assertThat(TerminationMessage.read(missing, log, 1, "File")).isEmpty();
    }
}
