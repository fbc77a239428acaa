package dev.kiln.sandbox.e2e;

import dev.kiln.sandbox.SandboxFixture;
import dev.kiln.sandbox.process.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged sandbox's {@code demo} command as a user or CI runs it: a process of its own, output in a log,
 * with the reactor's operator and runtime jars. Remembers every process it has seen the demo start, so a test
 * can check that none outlives it.
 */
final class DemoProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Map<Long, ProcessHandle> seen = new HashMap<>();

    private DemoProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DemoProcess start(Path workDir) throws IOException {
        Path sandboxJar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(sandboxJar)) {
            throw new IllegalStateException(sandboxJar + " not found: the demo e2e runs the packaged sandbox; run it "
                    + "with 'mvn -B -pl sandbox -am verify'");
        }
        Path log = workDir.resolve("demo.log");
        List<String> command = new ArrayList<>(List.of(ChildProcess.javaExecutable(), "-jar", sandboxJar.toString(), "demo",
                "--kubeconfig", workDir.resolve("kubeconfig").toString(),
                "--crds", SandboxFixture.crdsDir().toAbsolutePath().toString(),
                "--examples", SandboxFixture.examplesDir().toAbsolutePath().toString(),
                "--operator-jar", jar("kiln.operator.jar", "operator").toString(),
                "--runtime-jar", E2ESandbox.runtimeJar().toAbsolutePath().toString(),
                "--model", E2ESandbox.textOrientationModel().toAbsolutePath().toString()));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new DemoProcess(process, log);
    }

    private static Path jar(String property, String module) {
        Path jar = Path.of(System.getProperty(property, "../" + module + "/target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: run the e2e tests with 'mvn -B -pl sandbox -am verify'");
        }
        return jar.toAbsolutePath();
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Every process the demo has started so far (and still running now), remembered for {@link #leftovers()}. */
    List<ProcessHandle> noteDescendants() {
        List<ProcessHandle> now = process.descendants().toList();
        now.forEach(p -> seen.putIfAbsent(p.pid(), p));
        return now;
    }

    /** Waits for a line containing {@code text}, noting descendants meanwhile; false if the demo ended or time ran out. */
    boolean awaitOutput(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            noteDescendants();
            if (output().contains(text)) {
                return true;
            }
            Thread.sleep(250);
        }
        return output().contains(text);
    }

    /** The exit code, or null when it did not end in time; notes descendants while it runs. */
    Integer awaitExit(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            noteDescendants();
            Thread.sleep(250);
        }
        return process.isAlive() ? null : process.exitValue();
    }

    /** Processes the demo started that are still alive. */
    List<ProcessHandle> leftovers() {
        return seen.values().stream().filter(ProcessHandle::isAlive).toList();
    }

    String tail() {
        try {
            String text = output();
            return text.substring(Math.max(0, text.length() - 6000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leftovers().forEach(ProcessHandle::destroyForcibly);
    }
}
