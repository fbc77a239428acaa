package dev.kiln.sandbox.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main command, headless, as CI runs it: {@code demo} serves the quickstart's first revision, rolls
 * the regressing second one back on its own, promotes the third, with no failed request through the gateway,
 * exits 0, and leaves no process behind.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class DemoE2E {

    @TempDir
    Path workDir;

    @Test
    void theQuickstartStoryHappensUnderLoadAndTheDemoExitsZero() throws Exception {
        try (DemoProcess demo = DemoProcess.start(workDir)) {
            Integer exit = demo.awaitExit(Duration.ofMinutes(8));
            String output = demo.output();

            assertThat(exit).as("exit code; the demo's output ends with:\n%s", demo.tail()).isEqualTo(0);
            assertThat(output).contains(
                    "variants measured for rev 1",
                    "selected: text-orientation/",
                    "as expected: revision 1 optimized and served",
                    "analysis of rev 2",
                    "event Warning RolledBack: revision",
                    "as expected: revision 2 rolled back automatically: metric median-latency failed",
                    "event Normal Promoted: revision",
                    "as expected: revision 3 promoted after its canary steps",
                    "demo: OK");
            assertThat(output).containsPattern("pod text-orientation-\\S+ +server +on cpu-[12] +127\\.\\d+\\.\\d+\\.\\d+ +Running, Ready");
            assertThat(output).containsPattern("load through the gateway: sent \\d+, ok \\d+, failed 0");
            assertThat(demo.leftovers()).as("processes the demo started and left running").isEmpty();
        }
    }
}
