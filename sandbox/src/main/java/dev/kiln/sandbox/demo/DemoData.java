package dev.kiln.sandbox.demo;

import dev.kiln.sandbox.process.ChildProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts what the quickstart's manifests point at onto the sandbox's PVC folders: the pretrained model at each
 * {@code pvc://} model path, and a validation set rendered by the runtime's {@code dataset text-orientation}.
 */
public final class DemoData {

    private static final Pattern PVC_URI = Pattern.compile("^pvc://([a-z0-9][-a-z0-9.]*)/(.+)$");
    private static final Duration DATASET_TIMEOUT = Duration.ofSeconds(120);

    private DemoData() {
    }

    /** The folder for {@code pvc://<claim>/<path>} in namespace default of a sandbox with this data folder. */
    public static Path pvcPath(Path dataDir, String uri) {
        Matcher m = PVC_URI.matcher(uri);
        if (!m.matches() || m.group(2).contains("..")) {
            throw new IllegalArgumentException("'" + uri + "' is not a pvc://<claim>/<path> URI; the quickstart's model "
                    + "and validation set live on sandbox PVCs");
        }
        return dataDir.resolve("pvc").resolve("default").resolve(m.group(1)).resolve(m.group(2));
    }

    /** Copies the model file to every revision's spec.model.uri. */
    public static void placeModel(Path model, Path dataDir, List<QuickstartRevision> revisions) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException(model + " not found: run build-tools/fetch-models.sh (it caches the "
                    + "PP-OCR text-orientation model), or pass --model <file>");
        }
        for (QuickstartRevision revision : revisions) {
            Path target = pvcPath(dataDir, revision.spec().at("/model/uri").asText());
            try {
                Files.createDirectories(target.getParent());
                Files.copy(model, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + model + " to " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /** Renders the validation set of the first revision with the runtime jar, unless it is there already. */
    public static Path generateValidationSet(Path runtimeJar, Path dataDir, QuickstartRevision revision, int count,
                                             Path log) throws InterruptedException {
        Path out = pvcPath(dataDir, revision.spec().at("/optimization/validation/uri").asText());
        if (Files.isDirectory(out.resolve("0")) && Files.isDirectory(out.resolve("1"))) {
            return out;
        }
        try (ChildProcess generator = ChildProcess.start(List.of(ChildProcess.javaExecutable(), "-jar",
                runtimeJar.toAbsolutePath().toString(), "dataset", "text-orientation", "--out", out.toString(),
                "--count", Integer.toString(count)), Map.of(), dataDir, log)) {
            long deadline = System.nanoTime() + DATASET_TIMEOUT.toNanos();
            while (generator.alive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!Integer.valueOf(0).equals(generator.exitCode())) {
                throw new IllegalStateException("dataset text-orientation did not finish within "
                        + DATASET_TIMEOUT.toSeconds() + " s or failed (it needs the DejaVu fonts, Debian package "
                        + "fonts-dejavu-core); log " + log + ":\n" + generator.logTail(2000));
            }
        }
        return out;
    }
}
