package dev.kiln.sandbox.operator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
