package dev.kiln.runtime.optimize.dataset;

import dev.kiln.runtime.onnx.ResNet50;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code dataset resnet50}: a ResNet-50-shaped model (v1.5 layout, about 100 MB float32) with seeded random
 * weights, the size of a typical vision model, for the benchmark.
 */
@CommandLine.Command(name = "resnet50", mixinStandardHelpOptions = true,
        description = "Write a ResNet-50-shaped ONNX model with seeded random weights.")
public class ResNet50Command implements Callable<Integer> {

    @CommandLine.Option(names = "--out", required = true, description = "The .onnx file to write.")
    Path out;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            try (OutputStream stream = Files.newOutputStream(out)) {
                ResNet50.build(seed).writeTo(stream);
            }
        } catch (IOException e) {
            System.err.println("dataset resnet50: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        System.out.println("dataset resnet50: wrote " + out + " (seed " + seed + ")");
        return 0;
    }
}
