package dev.kiln.sandbox.operator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorProcessTest {

    @TempDir
    Path dir;

    @Test
    void missingJarNamesTheFileAndTheFix() {
        assertThatThrownBy(() -> OperatorProcess.start(dir.resolve("nope.jar"), dir.resolve("kubeconfig"), "img",
                dir.resolve("operator.log"), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.jar").hasMessageContaining("mvn -B -pl operator -am package")
                .hasMessageContaining("--no-operator");
    }

    @Test
    void killedAndStartedAgainItWaitsForTheNewRunsStartLineAndKeepsTheLog() throws Exception {
        Path jar = fakeOperatorJar();
        Path log = dir.resolve("operator.log");
        OperatorProcess first = OperatorProcess.start(jar, dir.resolve("kubeconfig"), "img", log, Duration.ofSeconds(30));
        assertThat(first.alive()).isTrue();

        first.kill();
        assertThat(first.alive()).isFalse();

        // the second run prints its start line only after 1.5 s: start must not take the first run's line for it
        Files.createFile(dir.resolve("second-run"));
        long start = System.nanoTime();
        OperatorProcess second = OperatorProcess.start(jar, dir.resolve("kubeconfig"), "img", log, Duration.ofSeconds(30),
                true);
        try {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(second.alive()).isTrue();
            assertThat(Files.readString(log).split(" started in ", -1)).hasSize(3);
        } finally {
            second.close();
        }
    }

    /** A jar whose main prints Quarkus's start line (late when a second-run file exists) and waits to be stopped. */
    private Path fakeOperatorJar() throws Exception {
        Path src = Files.writeString(dir.resolve("FakeOperator.java"), """
                public class FakeOperator {
                    public static void main(String[] args) throws Exception {
                        if (new java.io.File("%s").exists()) {
                            Thread.sleep(1500);
                        }
                        System.out.println("fake-operator 0.1 on JVM started in 0.123s.");
                        System.out.flush();
                        Thread.sleep(300_000);
                    }
                }""".formatted(dir.resolve("second-run").toAbsolutePath().toString().replace("\\", "/")));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), src.toString())).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeOperator");
        Path jar = dir.resolve("fake-operator.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("FakeOperator.class"));
            out.write(Files.readAllBytes(dir.resolve("FakeOperator.class")));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void anOperatorThatDiesWhileStartingIsReportedWithItsLog() throws Exception {
        // A jar that is not one: the JVM exits at once with an error in the log.
        Path jar = Files.writeString(dir.resolve("broken.jar"), "not a jar");
        assertThatThrownBy(() -> OperatorProcess.start(jar, dir.resolve("kubeconfig"), "img",
                dir.resolve("operator.log"), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the operator exited with code")
                .hasMessageContaining("operator.log");
    }
}
