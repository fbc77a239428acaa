package dev.kiln.sandbox.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleSetTest {

    @TempDir
    Path dir;

    @Test
    void classFoldersBecomeLabelledRequestsWithTheClassesInterleaved() throws Exception {
        image("0/a.png");
        image("0/b.png");
        image("0/c.png");
        image("1/a.png");
        Files.writeString(dir.resolve("1/notes.txt"), "not an image");

        var samples = SampleSet.load(dir);

        assertThat(samples).extracting(SampleSet.Sample::label).containsExactly(0, 1, 0, 0);
        OipRequest request = samples.get(0).request();
        assertThat(request.body()).hasSize(request.headerLength() + 4 * 3 * TextLines.HEIGHT * TextLines.WIDTH);
    }

    @Test
    void aMissingFolderNamesTheOptionAndHowToMakeOne() {
        assertThatThrownBy(() -> SampleSet.load(dir.resolve("nope")))
                .hasMessageContaining("--samples").hasMessageContaining("nope").hasMessageContaining("dataset text-orientation");
    }

    @Test
    void aFolderWithoutImagesIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("0"));
        assertThatThrownBy(() -> SampleSet.load(dir)).hasMessageContaining("no .png or .jpg images");
    }

    @Test
    void aClassFolderThatIsNotAnIndexIsRefused() throws Exception {
        image("upright/a.png");
        assertThatThrownBy(() -> SampleSet.load(dir)).hasMessageContaining("upright").hasMessageContaining("0, 1");
    }

    private void image(String path) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(100, 30, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }
}
