package dev.kiln.sandbox.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void closeStopsTheWholeProcessTree() throws Exception {
        // given a child that started grandchildren of its own
        ChildProcess child = ChildProcess.start(List.of("sh", "-c", "sleep 300 & sleep 300 & echo started; wait"),
                Map.of(), dir, dir.resolve("logs/child.log"));
        awaitLog(child, "started");
        List<ProcessHandle> tree = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

        // when
        child.close();

        // then nothing of it is left
        assertThat(child.alive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void reportsExitCodeAndEnvironment() throws Exception {
        ChildProcess child = ChildProcess.start(List.of("sh", "-c", "echo value=$SANDBOX_TEST_VAR; exit 3"),
                Map.of("SANDBOX_TEST_VAR", "x1"), dir, dir.resolve("child.log"));
        ProcessHandle.of(child.pid()).ifPresent(h -> h.onExit().join());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (child.alive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(child.exitCode()).isEqualTo(3);
        assertThat(Files.readString(child.log())).contains("value=x1");
        assertThat(child.logTail(8)).isEqualTo("value=x1\n".substring(1));
    }

    private static void awaitLog(ChildProcess child, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!child.logTail(1000).contains(text)) {
            assertThat(System.nanoTime()).as("child wrote '" + text + "' in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
