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

    @Test
    void killEndsTheTreeAtOnceEvenWhenItIgnoresSigterm() throws Exception {
        // given a child (and its grandchild) that ignore SIGTERM, so a graceful stop would wait out the grace period
        ChildProcess child = ChildProcess.start(List.of("sh", "-c", "trap '' TERM; sleep 300 & echo started; wait"),
                Map.of(), dir, dir.resolve("child.log"));
        awaitLog(child, "started");
        List<ProcessHandle> tree = ProcessHandle.of(child.pid()).orElseThrow().descendants().toList();

        // when
        long start = System.nanoTime();
        child.kill();

        // then it is gone well within the 5 s grace period, killed by SIGKILL (exit 128 + 9)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(child.exitCode()).isEqualTo(137);
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aRestartedProcessCanAppendToTheSameLog() throws Exception {
        Path log = dir.resolve("child.log");
        // Closing stops the child at once, so each run's line is awaited before its close.
        ChildProcess first = ChildProcess.start(List.of("sh", "-c", "echo first run"), Map.of(), dir, log);
        awaitLog(first, "first run");
        first.close();
        ChildProcess second = ChildProcess.start(List.of("sh", "-c", "echo second run"), Map.of(), dir, log, true);
        awaitLog(second, "second run");
        assertThat(Files.readString(log)).isEqualTo("first run\nsecond run\n");
        second.close();
        ChildProcess.start(List.of("sh", "-c", "echo afresh"), Map.of(), dir, log).close();
        assertThat(Files.readString(log)).doesNotContain("first run");
    }

    private static void awaitLog(ChildProcess child, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!child.logTail(1000).contains(text)) {
            assertThat(System.nanoTime()).as("child wrote '" + text + "' in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
