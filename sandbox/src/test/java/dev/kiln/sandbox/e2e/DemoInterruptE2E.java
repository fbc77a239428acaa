package dev.kiln.sandbox.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ctrl-C in the middle of the demo stops the operator and every runtime process it started, and exits 130. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DemoInterruptE2E {

    @TempDir
    Path workDir;

    @Test
    void ctrlCWhileTheOptimizerRunsLeavesNoProcessBehind() throws Exception {
        try (DemoProcess demo = DemoProcess.start(workDir)) {
            // The optimization Job's pod is a real runtime process, beside the operator's JVM.
            assertThat(demo.awaitOutput("optimizer  on cpu-", Duration.ofMinutes(3)))
                    .as("the optimizer pod never showed; output:\n%s", demo.tail()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (demo.noteDescendants().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(demo.noteDescendants()).as("operator and optimizer processes").hasSizeGreaterThanOrEqualTo(2);

            Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).inheritIO().start();
            assertThat(interrupt.waitFor()).isEqualTo(0);
            Integer exit = demo.awaitExit(Duration.ofSeconds(60));

            assertThat(exit).as("exit code after Ctrl-C; output:\n%s", demo.tail()).isEqualTo(130);
            assertThat(demo.leftovers()).as("processes the demo started and left running").isEmpty();
            assertThat(demo.output()).contains("stopping: the load, the gateway, the operator and every runtime process");
        }
    }
}
