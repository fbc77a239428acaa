package dev.kiln.operator.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The AcceleratorClasses shipped in examples/accelerator-classes, for tests. */
public final class ShippedAcceleratorClasses {

    static final Path FOLDER = Path.of("../examples/accelerator-classes");

    private static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ShippedAcceleratorClasses() {
    }

    /** A shipped class, read strictly: a misspelled field fails instead of vanishing. */
    public static AcceleratorClass load(String name) {
        try {
            return STRICT_YAML.readValue(file(name).toFile(), AcceleratorClass.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name) {
        return FOLDER.resolve(name + ".yaml");
    }
}
