package dev.kiln.runtime.optimize.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextOrientationGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedSameImagesHalfTurned() throws Exception {
        TextOrientationGenerator generator = new TextOrientationGenerator(TextOrientationGenerator.DEFAULT_FONTS);
        generator.write(dir.resolve("a"), 10, 7);
        generator.write(dir.resolve("b"), 10, 7);
        generator.write(dir.resolve("c"), 10, 8);

        assertThat(count(dir.resolve("a/0"))).isEqualTo(5);
        assertThat(count(dir.resolve("a/1"))).isEqualTo(5);
        assertThat(Files.readAllBytes(dir.resolve("a/1/00003.png"))).isEqualTo(Files.readAllBytes(dir.resolve("b/1/00003.png")));
        assertThat(Files.readAllBytes(dir.resolve("a/0/00000.png"))).isNotEqualTo(Files.readAllBytes(dir.resolve("c/0/00000.png")));
        BufferedImage image = ImageIO.read(dir.resolve("a/0/00000.png").toFile());
        assertThat(image.getWidth()).isLessThanOrEqualTo(4 * image.getHeight());
    }

    @Test
    void commandReportsBadArguments() {
        assertThatThrownBy(() -> new TextOrientationGenerator(dir.resolve("no-fonts")))
                .hasMessageContaining("no-fonts").hasMessageContaining("fonts-dejavu-core");
        int code = new picocli.CommandLine(new TextOrientationCommand()).execute("--out", dir.resolve("x").toString(),
                "--count", "0");
        assertThat(code).isEqualTo(2);
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
