package dev.kiln.runtime.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line turned into settings, without booting the server. */
class ServeCommandTest {

    private static Map<String, String> settings(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void optionsBecomeSettings() {
        Path model = TestModels.fixedBatch("command-line.onnx");
        Map<String, String> settings = settings("--model", model.toString(), "--name", "m", "--port", "9001", "--ep", "CPU",
                "--threads", "2", "--max-batch", "16", "--batch-delay-micros", "500");
        assertThat(settings).containsEntry("kiln.serve.model", model.toString()).containsEntry("kiln.serve.name", "m")
                .containsEntry("quarkus.http.port", "9001").containsEntry("kiln.serve.ep", "cpu")
                .containsEntry("kiln.serve.threads", "2").containsEntry("kiln.serve.max-batch", "16")
                .containsEntry("kiln.serve.batch-delay-micros", "500");
    }

    @Test
    void defaultsWhenNoEnvironmentIsSet() {
        Path model = TestModels.fixedBatch("resnet-tiny.onnx");
        Map<String, String> settings = settings("--model", model.toString());
        assertThat(settings).containsEntry("kiln.serve.name", "resnet-tiny").containsEntry("quarkus.http.port", "8080")
                .containsEntry("kiln.serve.ep", "cpu").containsEntry("kiln.serve.max-batch", "8")
                .containsEntry("kiln.serve.batch-delay-micros", "0");
    }

    @Test
    void shadowConfigFileIsPassedAsAnAbsolutePathEvenBeforeItExists() {
        Path model = TestModels.fixedBatch("command-line.onnx");
        assertThat(settings("--model", model.toString(), "--shadow-config", "not-yet/shadow.json"))
                .containsEntry("kiln.serve.shadow.config-file", Path.of("not-yet/shadow.json").toAbsolutePath().toString());
        assertThat(settings("--model", model.toString())).doesNotContainKey("kiln.serve.shadow.config-file");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "--ep gpu|--ep gpu is not one of cpu, cuda, tensorrt, openvino, cann",
            "--port 0|--port must be 1 to 65535",
            "--max-batch 0|--max-batch must be 1 (no batching) or more",
            "--threads -1|--threads must be 0",
            "--batch-delay-micros -5|--batch-delay-micros must be 0 or more"})
    void badOptionsAreRefusedByName(String option, String message) {
        Path model = TestModels.fixedBatch("command-line.onnx");
        String[] parts = option.split(" ");
        assertThatThrownBy(() -> settings("--model", model.toString(), parts[0], parts[1]))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining(message);
    }

    @Test
    void aMissingModelFileIsNamed() {
        assertThatThrownBy(() -> settings("--model", "no/such/model.onnx"))
                .hasMessageContaining("--model no/such/model.onnx does not exist");
    }
}
