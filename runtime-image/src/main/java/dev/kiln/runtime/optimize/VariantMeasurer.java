package dev.kiln.runtime.optimize;

import dev.kiln.runtime.optimize.data.Samples;
import dev.kiln.runtime.optimize.measure.LatencyStats;
import dev.kiln.runtime.optimize.measure.Measurement;
import dev.kiln.runtime.optimize.measure.ModelRunner;
import dev.kiln.runtime.optimize.measure.OutputComparison;
import dev.kiln.runtime.optimize.report.VariantReport;
import dev.kiln.runtime.optimize.select.GoalEvaluator;
import dev.kiln.runtime.optimize.variant.VariantSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures model files into variant reports, against the primary model's float32 outputs, which it takes
 * from the first file it measures.
 */
final class VariantMeasurer {
    private final ModelRunner runner;
    private final Samples validation;
    private final GoalEvaluator evaluator;
    private final Progress progress;
    private final ArtifactCompression compression;
    private float[][] reference;
    private Double referenceAccuracy;

    VariantMeasurer(ModelRunner runner, Samples validation, GoalEvaluator evaluator, Progress progress,
                    ArtifactCompression compression) {
        this.compression = compression;
        this.progress = progress;
        this.runner = runner;
        this.validation = validation;
        this.evaluator = evaluator;
    }

    /** A fallback variant is named after the variant it repairs and how many nodes it keeps in float. */
    static String fallbackName(VariantSpec spec, List<String> keptInFloat, String fallbackOf) {
        return fallbackOf == null ? spec.name() : fallbackOf + "+float" + keptInFloat.size();
    }

    Double referenceAccuracy() {
        return referenceAccuracy;
    }

    OutputComparison compare(Path file) throws Exception {
        return OutputComparison.of(reference, runner.outputs(file, validation), validation.labels());
    }

    VariantReport measureFile(VariantSpec spec, Path file, List<String> keptInFloat, String fallbackOf, int index,
                              int total) {
        String name = fallbackName(spec, keptInFloat, fallbackOf);
        try {
            Measurement m = runner.measure(file, validation);
            if (reference == null) {
                reference = m.outputs();
                referenceAccuracy = validation.labelled() ? OutputComparison.accuracy(reference, validation.labels()) : null;
            }
            OutputComparison c = OutputComparison.of(reference, m.outputs(), validation.labels());
            double drop = GoalEvaluator.accuracyDrop(referenceAccuracy, c.accuracy(), c.agreement());
            long uncompressed = Files.size(file);
            ArtifactCompression.StoredForm stored = compression.measure(file);
            long size = stored.sizeBytes();
            VariantReport report = new VariantReport(name, spec.candidate(), spec.labels(), keptInFloat, fallbackOf,
                    size, stored.sha256(), m.latency(), m.throughputPerSecond(), c.accuracy(), c.agreement(),
                    c.meanAbsDiff(), drop, false, List.of(), null, uncompressed);
            report = evaluator.evaluate(report);
            String latency = evaluator.percentile() == 50 ? String.format(Locale.ROOT, "p50 %.3f ms", m.latency().p50())
                    : String.format(Locale.ROOT, "p50 %.3f ms, p%d %.3f ms", m.latency().p50(), evaluator.percentile(),
                    LatencyStats.at(m.latency(), evaluator.percentile()));
            progress.line("[%d/%d] %s: %d bytes%s, %s, %s, agreement %.2f%%%s", index, total, name, size,
                    compression == ArtifactCompression.NONE ? "" : " gzip (" + uncompressed + " uncompressed)", latency,
                    c.accuracy() == null ? "no labels" : String.format(Locale.ROOT, "accuracy %.2f%%", c.accuracy() * 100),
                    c.agreement() * 100, report.meetsGoals() ? ", meets goals" : ", misses: " + String.join("; ", report.missed()));
            return report;
        } catch (OptimizeException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (!spec.steps().isEmpty() || fallbackOf != null) {
                progress.line("[%d/%d] %s failed: %s", index, total, name, Optimizer.describe(e));
                return VariantReport.failed(name, spec.candidate(), spec.labels(), keptInFloat, fallbackOf, Optimizer.describe(e));
            }
            throw OptimizeException.invalidInput("candidate " + spec.candidate() + ": outputs cannot be compared "
                    + "with the primary model's: " + e.getMessage());
        } catch (Exception | LinkageError e) {
            progress.line("[%d/%d] %s failed to run: %s", index, total, name, Optimizer.describe(e));
            return VariantReport.failed(name, spec.candidate(), spec.labels(), keptInFloat, fallbackOf, Optimizer.describe(e));
        }
    }
}
