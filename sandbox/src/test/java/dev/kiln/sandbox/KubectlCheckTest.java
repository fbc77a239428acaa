package dev.kiln.sandbox;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs sandbox/kubectl-check.sh with the system kubectl against an in-process sandbox. */
class KubectlCheckTest {

    @TempDir
    Path workDir;

    @Test
    void kubectlCheckScriptPasses() throws Exception {
        Optional<Path> kubectl = findKubectl();
        Assumptions.assumeTrue(kubectl.isPresent(),
                "kubectl is not on the PATH: skipping the kubectl check (install it, e.g. Debian's kubernetes-client)");
        try (SandboxCluster cluster = SandboxFixture.start(workDir)) {
            Path output = workDir.resolve("kubectl-check.log");
            ProcessBuilder builder = new ProcessBuilder("bash",
                    SandboxFixture.sandboxDir().resolve("kubectl-check.sh").toString(),
                    cluster.kubeconfig().toString(), SandboxFixture.examplesDir().toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("KUBECTL", kubectl.get().toString());
            builder.environment().put("HOME", workDir.toString());
            Process process = builder.start();
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String log = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println(log);
            assertThat(finished).as("kubectl-check.sh finished within 120 s:\n" + log).isTrue();
            assertThat(process.exitValue()).as("kubectl-check.sh exit code:\n" + log).isZero();
            assertThat(log).contains("kubectl check passed");
        }
    }

    private static Optional<Path> findKubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Optional.of(Path.of(configured));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
