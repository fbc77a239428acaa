package dev.kiln.runtime.optimize.dataset;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dataset text-orientation}: the rendered upright / upside-down text lines as an image folder. */
@CommandLine.Command(name = "text-orientation", mixinStandardHelpOptions = true,
        description = "Render text lines, half turned 180 degrees, as <out>/0/*.png (upright) and <out>/1/*.png.")
public class TextOrientationCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--out", required = true, description = "Folder to write the images into.")
    Path out;

    @CommandLine.Option(names = "--count", defaultValue = "400", description = "Number of images (default ${DEFAULT-VALUE}).")
    int count;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Option(names = "--fonts", description = "Folder of DejaVu .ttf fonts (default ${DEFAULT-VALUE}).")
    Path fonts = TextOrientationGenerator.DEFAULT_FONTS;

    @Override
    public Integer call() {
        try {
            new TextOrientationGenerator(fonts).write(out, count, seed);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("dataset text-orientation: " + e.getMessage());
            return 2;
        }
        System.out.println("dataset text-orientation: wrote " + count + " images to " + out + " (seed " + seed + ")");
        return 0;
    }
}
