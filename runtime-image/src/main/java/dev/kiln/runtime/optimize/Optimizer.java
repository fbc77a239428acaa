package dev.kiln.runtime.optimize;

import dev.kiln.contract.Artifact;
import dev.kiln.contract.ModelSource;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.contract.Outcome;
import dev.kiln.runtime.optimize.data.DataSetLoader;
import dev.kiln.runtime.optimize.data.Samples;
import dev.kiln.runtime.optimize.fallback.AccuracyFallback;
import dev.kiln.runtime.optimize.fallback.FallbackResult;
import dev.kiln.runtime.optimize.fallback.TrialResult;
import dev.kiln.runtime.optimize.measure.ModelRunner;
import dev.kiln.runtime.optimize.measure.OutputComparison;
import dev.kiln.runtime.optimize.pass.ModelPass;
import dev.kiln.runtime.optimize.report.OptimizationReport;
import dev.kiln.runtime.optimize.report.VariantReport;
import dev.kiln.runtime.optimize.select.GoalEvaluator;
import dev.kiln.runtime.optimize.select.Selection;
import dev.kiln.runtime.optimize.select.VariantSelector;
import dev.kiln.runtime.optimize.source.Digests;
import dev.kiln.runtime.optimize.source.LoadedModel;
import dev.kiln.runtime.optimize.source.ModelFetcher;
import dev.kiln.runtime.optimize.variant.PassStep;
import dev.kiln.runtime.optimize.variant.VariantBuilder;
import dev.kiln.runtime.optimize.variant.VariantPlanner;
import dev.kiln.runtime.optimize.variant.VariantSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The optimization run: fetch the models, load the data, build and measure every variant of every model,
 * repair quantized variants that lose too much accuracy, select, and write {@code model.onnx} and the
 * report. Problems with the input end the run with an {@link OptimizeException}; a variant that cannot be
 * built or run is reported as failed and the run goes on.
 */
public final class Optimizer {

    private final Function<String, ModelPass> passes;
    private final RunSettings settings;
    private final Progress progress;

    public Optimizer(Function<String, ModelPass> passes, RunSettings settings, Progress progress) {
        this.passes = passes;
        this.settings = settings;
        this.progress = progress;
    }

    public OptimizationReport run(OptimizationPlan plan, Path out) throws IOException {
        PlanChecks.check(plan);
        String ep = plan.executionProvider() == null ? "cpu" : plan.executionProvider().toLowerCase(Locale.ROOT);
        int threads = plan.threads() == null ? 1 : plan.threads();
        GoalEvaluator evaluator = new GoalEvaluator(plan.goals());
        ArtifactCompression compression = ArtifactCompression.of(plan);
        ModelRunner runner = new ModelRunner(ep, threads, settings.warmupRuns(), settings.latencyRuns());
        Files.createDirectories(out);
        Path work = out.resolve("work");
        Path variantsDir = out.resolve("variants");

        ModelFetcher fetcher = new ModelFetcher(work.resolve("downloads"), Duration.ofSeconds(30), settings.downloadTimeout());
        LoadedModel primary = fetcher.fetch(plan.model(), "model");
        progress.line("model %s: %s, %d bytes, input '%s' %s", primary.name(), primary.file(), primary.sizeBytes(),
                primary.input().name(), primary.input().shapeText());
        List<LoadedModel> models = new ArrayList<>(List.of(primary));
        List<ModelSource> candidateSources = plan.candidates() == null ? List.of() : plan.candidates();
        for (int i = 0; i < candidateSources.size(); i++) {
            LoadedModel candidate = fetcher.fetch(candidateSources.get(i), "candidates[" + i + "]");
            if (models.stream().anyMatch(m -> m.name().equals(candidate.name()))) {
                throw OptimizeException.invalidInput("candidates[" + i + "].name: '" + candidate.name()
                        + "' is already used; give each model its own name");
            }
            progress.line("candidate %s: %s, %d bytes", candidate.name(), candidate.file(), candidate.sizeBytes());
            models.add(candidate);
        }

        Samples validation = plan.validation() == null ? RandomInputs.forInput(primary.input(), "validation")
                : DataSetLoader.load(plan.validation(), "validation", primary.input());
        progress.line("validation: %s", validation.origin());
        for (int i = 1; i < models.size(); i++) {
            if (!models.get(i).input().accepts(validation.inputs().get(0).shape())) {
                throw OptimizeException.invalidInput("candidates[" + (i - 1) + "]: input " + models.get(i).input().shapeText()
                        + " does not take the validation samples of shape "
                        + java.util.Arrays.toString(validation.inputs().get(0).shape())
                        + " made for the primary model's input " + primary.input().shapeText());
            }
        }
        Samples calibration = plan.calibration() == null ? null
                : DataSetLoader.load(plan.calibration(), "calibration", primary.input());
        if (calibration != null) {
            progress.line("calibration: %s", calibration.origin());
        }

        List<String> notes = new ArrayList<>();
        List<List<PassStep>> pipelines = VariantPlanner.pipelines(plan.passes(), plan.autoPasses(), ep,
                calibration != null, note -> {
                    notes.add(note);
                    progress.line("%s", note);
                });
        int total = models.size() * (pipelines.size() + 1);
        progress.line("%d variants to build and measure on %s with %d thread(s): %d model(s) x (original + %d pipelines)",
                total, ep, threads, models.size(), pipelines.size());

        VariantBuilder builder = new VariantBuilder(passes, calibration == null ? List.of() : calibration.feeds(), ep,
                threads, work);
        VariantMeasurer measurer = new VariantMeasurer(runner, validation, evaluator, progress, compression);
        List<VariantReport> variants = new ArrayList<>();
        for (LoadedModel model : models) {
            VariantSpec original = new VariantSpec(model.name(), List.of());
            VariantReport measured = measurer.measureFile(original, model.file(), List.of(), null, variants.size() + 1, total);
            if (!measured.measured()) {
                throw OptimizeException.modelUnavailable((model == primary ? "model" : "candidate " + model.name())
                        + ": ONNX Runtime cannot run " + model.file() + ": " + measured.error());
            }
            variants.add(measured);
            for (List<PassStep> pipeline : pipelines) {
                VariantSpec spec = new VariantSpec(model.name(), pipeline);
                variants.add(buildAndMeasure(spec, model, builder, measurer, variantsDir, variants.size() + 1, total));
            }
        }

        List<OptimizationReport.FallbackReport> fallbacks = new ArrayList<>();
        if (plan.goals() != null && plan.goals().maxAccuracyDrop() != null && settings.fallbackTrials() > 0) {
            List<VariantReport> toRepair = variants.stream().filter(v -> v.measured() && v.fallbackOf() == null
                    && !evaluator.accuracyMet(v.accuracyDrop()) && isQuantized(v, pipelines)).toList();
            for (VariantReport missed : toRepair) {
                LoadedModel model = models.stream().filter(m -> m.name().equals(missed.candidate())).findFirst().orElseThrow();
                List<PassStep> pipeline = pipelineOf(missed, pipelines);
                fallbacks.add(repair(missed, model, pipeline, builder, measurer, evaluator, variantsDir, work, variants));
            }
        }

        Selection selection = new VariantSelector(evaluator).select(variants);
        Outcome outcome = selection.selected() == null ? Outcome.Failed
                : selection.goalsMet() ? Outcome.Succeeded : Outcome.GoalsNotMet;
        Artifact artifact = null;
        if (selection.selected() != null) {
            Path source = fileOf(selection.selected(), models, variantsDir);
            Path target = out.resolve(compression.artifactName());
            compression.store(source, target);
            artifact = new Artifact(compression.artifactName(), Digests.sha256(target), Files.size(target));
        }
        long meeting = variants.stream().filter(VariantReport::meetsGoals).count();
        String message = String.format(Locale.ROOT, "%d variants measured on %s with %d thread(s); %d meet the goals; %s",
                variants.size(), ep, threads, meeting, selection.selected() == null ? "none could be measured"
                        : (selection.goalsMet() ? "selected " : "best effort ") + selection.selected().name());
        progress.line("%s", message);
        progress.line("reason: %s", selection.reason());
        cleanUp(work, variantsDir, settings.keepVariants());

        VariantReport reference = variants.get(0);
        return new OptimizationReport(OptimizationReport.API_VERSION, outcome, message,
                selection.selected() == null ? null : selection.selected().name(), selection.reason(), artifact, ep,
                threads, evaluator.goals(), new OptimizationReport.Reference(primary.name(), reference.accuracy(),
                validation.origin(), validation.size()), variants, fallbacks, notes);
    }

    private VariantReport buildAndMeasure(VariantSpec spec, LoadedModel model, VariantBuilder builder, VariantMeasurer measurer,
                                          Path variantsDir, int index, int total) {
        progress.line("[%d/%d] building %s", index, total, spec.name());
        Path file = variantFile(variantsDir, spec.name());
        try {
            VariantBuilder.write(builder.apply(model.proto(), spec.steps(), Set.of()), file);
        } catch (Exception | LinkageError e) {
            progress.line("[%d/%d] %s failed to build: %s", index, total, spec.name(), e.getMessage());
            return VariantReport.failed(spec.name(), spec.candidate(), spec.labels(), List.of(), null, describe(e));
        }
        return measurer.measureFile(spec, file, List.of(), null, index, total);
    }

    private OptimizationReport.FallbackReport repair(VariantReport missed, LoadedModel model, List<PassStep> pipeline,
                                                     VariantBuilder builder, VariantMeasurer measurer, GoalEvaluator evaluator,
                                                     Path variantsDir, Path work, List<VariantReport> variants) {
        progress.line("fallback: %s misses the accuracy goal (drop %.2f points); searching nodes to keep in float, "
                + "up to %d trials", missed.name(), missed.accuracyDrop() * 100, settings.fallbackTrials());
        List<String> nodes;
        try {
            nodes = builder.quantizableNodes(model.proto(), pipeline);
        } catch (Exception e) {
            progress.line("fallback: cannot list the nodes of %s: %s", missed.name(), e.getMessage());
            return new OptimizationReport.FallbackReport(missed.name(), null, false, 0, List.of());
        }
        int[] counter = {0};
        AccuracyFallback.Trial trial = keep -> {
            Path file = work.resolve("trials").resolve("trial-" + (++counter[0]) + ".onnx");
            VariantBuilder.write(builder.apply(model.proto(), pipeline, keep), file);
            OutputComparison c = measurer.compare(file);
            double drop = GoalEvaluator.accuracyDrop(measurer.referenceAccuracy(), c.accuracy(), c.agreement());
            progress.line("fallback trial %d: %d node(s) in float, accuracy drop %.2f points, mean abs diff %.5f",
                    counter[0], keep.size(), drop * 100, c.meanAbsDiff());
            return new TrialResult(keep, file, drop, c.meanAbsDiff());
        };
        TrialResult start = new TrialResult(Set.of(), null, missed.accuracyDrop(), missed.meanAbsDiff());
        FallbackResult result = new AccuracyFallback(settings.fallbackTrials(), evaluator::accuracyMet)
                .repair(nodes, start, trial);
        List<OptimizationReport.SensitivityEntry> ranking = result.ranking().stream()
                .map(s -> new OptimizationReport.SensitivityEntry(s.nodes(), s.meanAbsDiff(), s.accuracyDrop())).toList();
        if (result.best() == null || result.best().file() == null) {
            progress.line("fallback: no trial of %s did better", missed.name());
            return new OptimizationReport.FallbackReport(missed.name(), null, false, result.trials(), ranking);
        }
        List<String> kept = List.copyOf(result.best().keepInFloat());
        VariantSpec spec = new VariantSpec(missed.candidate(), pipeline);
        String name = VariantMeasurer.fallbackName(spec, kept, missed.name());
        Path file = variantFile(variantsDir, name);
        try {
            Files.move(result.best().file(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VariantReport repaired = measurer.measureFile(spec, file, kept, missed.name(), variants.size() + 1,
                variants.size() + 1);
        variants.add(evaluator.evaluate(repaired));
        return new OptimizationReport.FallbackReport(missed.name(), name, result.met(), result.trials(), ranking);
    }

    private static boolean isQuantized(VariantReport v, List<List<PassStep>> pipelines) {
        List<PassStep> pipeline = pipelineOf(v, pipelines);
        return pipeline != null && new VariantSpec(v.candidate(), pipeline).quantized();
    }

    private static List<PassStep> pipelineOf(VariantReport v, List<List<PassStep>> pipelines) {
        return pipelines.stream().filter(p -> p.stream().map(PassStep::label).toList().equals(v.passes()))
                .findFirst().orElse(null);
    }

    private static Path fileOf(VariantReport v, List<LoadedModel> models, Path variantsDir) {
        if (v.passes().isEmpty() && v.fallbackOf() == null) {
            return models.stream().filter(m -> m.name().equals(v.candidate())).findFirst().orElseThrow().file();
        }
        return variantFile(variantsDir, v.name());
    }

    static Path variantFile(Path variantsDir, String variantName) {
        return variantsDir.resolve(variantName.replaceAll("[^A-Za-z0-9._+-]", "_") + ".onnx");
    }

    private static void cleanUp(Path work, Path variantsDir, boolean keepVariants) throws IOException {
        deleteTree(work);
        if (!keepVariants) {
            deleteTree(variantsDir);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
