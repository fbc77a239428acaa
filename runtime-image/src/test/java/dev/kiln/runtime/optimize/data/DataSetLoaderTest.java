package dev.kiln.runtime.optimize.data;

import dev.kiln.contract.DataSet;
import dev.kiln.contract.Outcome;
import dev.kiln.contract.Preprocessing;
import dev.kiln.runtime.optimize.NpyFiles;
import dev.kiln.runtime.optimize.OptimizeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataSetLoaderTest {

    private static final InputSpec IMAGE_INPUT = new InputSpec("x", new long[]{-1, 3, 2, 4});
    private static final InputSpec VECTOR_INPUT = new InputSpec("x", new long[]{-1, 3});
    private static final Preprocessing TO_4X2 = new Preprocessing(new Preprocessing.Resize(4, 2, "stretch"), null, null,
            null, "RGB", "NCHW");

    @TempDir
    Path dir;

    private void png(String path) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    private static DataSet images(Path root, Preprocessing p, Integer limit) {
        return new DataSet(root.toString(), DataSet.IMAGE_FOLDER, null, p, limit);
    }

    private static void assertInvalid(Runnable load, String... fragments) {
        assertThatThrownBy(load::run).isInstanceOfSatisfying(OptimizeException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.InvalidInput);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    @Test
    void numericFolderNamesAreClassIndices() throws IOException {
        png("set/2/a.png");
        png("set/10/b.png");
        png("set/10/c.jpg.txt");

        Samples s = DataSetLoader.load(images(dir.resolve("set"), TO_4X2, null), "validation", IMAGE_INPUT);

        // Sorted as text: "10" before "2"; the numbers themselves are the labels.
        assertThat(s.labels()).containsExactly(10, 2);
        assertThat(s.inputs().get(0).shape()).containsExactly(1, 3, 2, 4);
    }

    @Test
    void wordFolderNamesAreIndicesInSortedOrder() throws IOException {
        png("set/dog/a.png");
        png("set/cat/b.png");

        Samples s = DataSetLoader.load(images(dir.resolve("set"), TO_4X2, null), "validation", IMAGE_INPUT);

        assertThat(s.labels()).containsExactly(0, 1); // cat, dog
    }

    @Test
    void aLimitSpreadsOverEveryLabel() throws IOException {
        for (int i = 0; i < 4; i++) {
            png("set/0/" + i + ".png");
            png("set/1/" + i + ".png");
        }

        Samples s = DataSetLoader.load(images(dir.resolve("set"), TO_4X2, 2), "calibration", IMAGE_INPUT);

        assertThat(s.labels()).containsExactly(0, 1);
    }

    @Test
    void imageFolderErrorsNameTheFileAndTheExpectation() throws IOException {
        assertInvalid(() -> DataSetLoader.load(images(dir.resolve("missing"), TO_4X2, null), "validation", IMAGE_INPUT),
                "validation", "missing", "no such folder");
        Files.createDirectories(dir.resolve("empty/0"));
        assertInvalid(() -> DataSetLoader.load(images(dir.resolve("empty"), TO_4X2, null), "validation", IMAGE_INPUT),
                "validation", "no .png, .jpg or .jpeg images");
        png("ok/0/a.png");
        assertInvalid(() -> DataSetLoader.load(images(dir.resolve("ok"), null, null), "calibration", IMAGE_INPUT),
                "calibration.preprocessing", "needs preprocessing");
        Preprocessing wrongSize = new Preprocessing(new Preprocessing.Resize(5, 2, "stretch"), null, null, null, null, null);
        assertInvalid(() -> DataSetLoader.load(images(dir.resolve("ok"), wrongSize, null), "validation", IMAGE_INPUT),
                "validation.preprocessing", "[1, 3, 2, 5]", "[?, 3, 2, 4]");
        Files.createDirectories(dir.resolve("broken/0"));
        Files.writeString(dir.resolve("broken/0/x.png"), "not a png");
        assertInvalid(() -> DataSetLoader.load(images(dir.resolve("broken"), TO_4X2, null), "validation", IMAGE_INPUT),
                "x.png", "not a readable PNG or JPEG");
    }

    @Test
    void npyTensorsWithLabels() throws IOException {
        Path data = NpyFiles.floats(dir.resolve("x.npy"), new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Path labels = NpyFiles.longs(dir.resolve("y.npy"), new long[]{1, 0}, 2);

        Samples s = DataSetLoader.load(new DataSet(data.toString(), DataSet.NPY, labels.toString(), null, null),
                "validation", VECTOR_INPUT);

        assertThat(s.size()).isEqualTo(2);
        assertThat(s.inputs().get(1).data()).containsExactly(4, 5, 6);
        assertThat(s.inputs().get(1).shape()).containsExactly(1, 3);
        assertThat(s.labels()).containsExactly(1, 0);
    }

    @Test
    void npyErrorsNameTheFileAndTheExpectation() throws IOException {
        Path data = NpyFiles.floats(dir.resolve("x.npy"), new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Path wrongShape = NpyFiles.floats(dir.resolve("wide.npy"), new float[8], 2, 4);
        Path ints = NpyFiles.longs(dir.resolve("ints.npy"), new long[]{1, 2, 3, 4, 5, 6}, 2, 3);
        Path threeLabels = NpyFiles.longs(dir.resolve("three.npy"), new long[]{0, 1, 0}, 3);
        Path floatLabels = NpyFiles.floats(dir.resolve("fl.npy"), new float[]{0, 1}, 2);

        assertInvalid(() -> DataSetLoader.load(new DataSet(dir.resolve("nope.npy").toString(), DataSet.NPY, null, null, null),
                "validation", VECTOR_INPUT), "validation.uri", "nope.npy", "does not exist");
        assertInvalid(() -> DataSetLoader.load(new DataSet(wrongShape.toString(), DataSet.NPY, null, null, null),
                "validation", VECTOR_INPUT), "validation.uri", "wide.npy", "[2, 4]", "[?, 3]");
        assertInvalid(() -> DataSetLoader.load(new DataSet(ints.toString(), DataSet.NPY, null, null, null),
                "calibration", VECTOR_INPUT), "calibration.uri", "ints.npy", "'<i8'", "float32");
        assertInvalid(() -> DataSetLoader.load(new DataSet(data.toString(), DataSet.NPY, threeLabels.toString(), null, null),
                "validation", VECTOR_INPUT), "validation.labels", "three.npy", "[3]", "expected [2]");
        assertInvalid(() -> DataSetLoader.load(new DataSet(data.toString(), DataSet.NPY, floatLabels.toString(), null, null),
                "validation", VECTOR_INPUT), "validation.labels", "fl.npy", "integers");
        assertInvalid(() -> DataSetLoader.load(new DataSet(data.toString(), "csv", null, null, null),
                "validation", VECTOR_INPUT), "validation.format", "csv");
    }
}
