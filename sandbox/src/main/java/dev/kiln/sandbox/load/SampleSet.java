package dev.kiln.sandbox.load;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The requests a load run cycles through: text-line images from a labelled image folder
 * ({@code <dir>/<class>/*.png}, as the runtime's {@code dataset text-orientation} writes it), each turned into
 * the classifier's input tensor once, up front, so sending costs no image work.
 */
public final class SampleSet {

    /** A request ready to send, and the class its image is labelled with. */
    public record Sample(int label, OipRequest request) {
    }

    /** The classifier's input name in the PP-OCR text-orientation model. */
    public static final String INPUT = "x";

    private SampleSet() {
    }

    public static List<Sample> load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--samples " + folder + ": not a folder; give an image folder with one "
                    + "sub-folder per class (0/, 1/), such as 'java -jar runtime-image/target/quarkus-app/quarkus-run.jar "
                    + "dataset text-orientation --out <dir>' writes");
        }
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> classes = Files.list(folder)) {
            for (Path classDir : classes.filter(Files::isDirectory).sorted().toList()) {
                int label = label(classDir);
                try (Stream<Path> images = Files.list(classDir)) {
                    for (Path image : images.filter(SampleSet::isImage).sorted().toList()) {
                        samples.add(new Sample(label, request(read(image))));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--samples " + folder + ": " + e.getMessage(), e);
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("--samples " + folder + ": no .png or .jpg images in its class "
                    + "sub-folders (0/, 1/)");
        }
        // Interleave the classes, so a short run still sends both.
        List<Sample> interleaved = new ArrayList<>(samples.size());
        List<List<Sample>> byLabel = samples.stream().collect(java.util.stream.Collectors.groupingBy(Sample::label,
                java.util.TreeMap::new, java.util.stream.Collectors.toList())).values().stream().toList();
        for (int i = 0; interleaved.size() < samples.size(); i++) {
            for (List<Sample> group : byLabel) {
                if (i < group.size()) {
                    interleaved.add(group.get(i));
                }
            }
        }
        return interleaved;
    }

    /** The tensor of one text-line image, as the classifier takes it: [1, 3, 48, 192]. */
    public static OipRequest request(BufferedImage line) {
        return OipRequest.float32(INPUT, new long[]{1, 3, TextLines.HEIGHT, TextLines.WIDTH}, TextLines.tensor(line));
    }

    private static int label(Path classDir) {
        String name = classDir.getFileName().toString();
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--samples: sub-folder '" + classDir + "' is not a class index; name "
                    + "class folders 0, 1, ... (the model's output index)");
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    private static BufferedImage read(Path image) throws IOException {
        BufferedImage read = ImageIO.read(image.toFile());
        if (read == null) {
            throw new IllegalArgumentException("--samples: " + image + " is not an image ImageIO can read");
        }
        return read;
    }
}
