package dev.kiln.runtime.optimize;

import dev.kiln.contract.Preprocessing;
import dev.kiln.runtime.optimize.dataset.TextOrientationGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real text-orientation classifier the build caches, and generated data sets for it under target/. */
public final class RealModels {

    public static final Preprocessing PADDLE_CLS = new Preprocessing(
            new Preprocessing.Resize(192, 48, Preprocessing.Resize.FIT_PAD), null,
            List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5), Preprocessing.BGR, Preprocessing.NCHW);

    private RealModels() {
    }

    public static Path classifier() {
        String cache = System.getProperty("kiln.model.cache",
                System.getProperty("user.home") + "/.cache/kiln/models");
        Path model = Path.of(cache, "ch_ppocr_mobile_v2.0_cls_infer.onnx");
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException(model + " is missing; run build-tools/fetch-models.sh (the build does)");
        }
        return model;
    }

    /** A generated text-orientation image folder in target/, made once per seed and count. */
    public static synchronized Path textOrientation(int count, long seed) throws IOException {
        Path out = Path.of("target", "generated-data", "text-orientation-" + count + "-" + seed).toAbsolutePath();
        if (!Files.isDirectory(out.resolve("1"))) {
            new TextOrientationGenerator(TextOrientationGenerator.DEFAULT_FONTS).write(out, count, seed);
        }
        return out;
    }
}
