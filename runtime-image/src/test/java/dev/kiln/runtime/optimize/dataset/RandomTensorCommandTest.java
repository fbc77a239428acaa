package dev.kiln.runtime.optimize.dataset;

import dev.kiln.runtime.optimize.data.NpyArray;
import dev.kiln.runtime.optimize.data.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RandomTensorCommandTest {

    @Test
    void writesASeededTensorTheReaderReadsBack(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");

        int code = new CommandLine(new DatasetCommand()).execute("random-npy", "--out", a.toString(), "--shape", "5,3,7,7",
                "--seed", "3");
        new CommandLine(new DatasetCommand()).execute("random-npy", "--out", b.toString(), "--shape", "5,3,7,7",
                "--seed", "3");
        NpyArray array = NpyReader.read(a);

        assertThat(code).isZero();
        assertThat(array.shape()).containsExactly(5, 3, 7, 7);
        assertThat(array.floats()).hasSize(5 * 3 * 49);
        double mean = 0;
        for (float f : array.floats()) {
            mean += f / array.floats().length;
        }
        assertThat(mean).isBetween(-0.2, 0.2);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(new CommandLine(new DatasetCommand()).execute("random-npy", "--out", a.toString(), "--shape", "0,3"))
                .isEqualTo(2);
    }
}
