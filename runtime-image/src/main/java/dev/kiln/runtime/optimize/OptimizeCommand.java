package dev.kiln.runtime.optimize;

import dev.kiln.contract.OptimizationPlan;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import dev.kiln.runtime.optimize.pass.ModelPass;
import dev.kiln.runtime.optimize.pass.Passes;
import dev.kiln.runtime.optimize.report.OptimizationReport;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code optimize}: turns a model (and candidates) into the variant that best meets the goals, writing
 * {@code <out>/model.onnx}, {@code <out>/report.json} and, when asked, the termination summary. The exit code
 * is the {@link Outcome}'s. Runs without Quarkus: a Job never binds a port.
 */
@CommandLine.Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Optimize an ONNX model for a target and prove it with measurements.")
public class OptimizeCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--plan", description = "JSON optimization plan; the flags below override its values.")
    Path plan;
    @CommandLine.Option(names = "--model", description = "The model: an .onnx path or https URL.")
    String model;
    @CommandLine.Option(names = "--model-name", description = "Name of the model in variant names (default: file name).")
    String modelName;
    @CommandLine.Option(names = "--model-sha256", description = "Expected sha256 of the model file.")
    String modelSha256;
    @CommandLine.Option(names = "--out", required = true, description = "Output folder: model.onnx and report.json.")
    Path out;
    @CommandLine.Option(names = "--termination-log", description = "Where to write the summary for the operator "
            + "(e.g. /dev/termination-log).")
    Path terminationLog;
    @CommandLine.Option(names = "--candidate", description = "Another model to consider, name=file (repeatable).")
    List<String> candidates = List.of();
    @CommandLine.Option(names = "--passes", split = ",", description = "Passes in order, or auto.")
    List<String> passes = List.of();
    @CommandLine.Option(names = "--auto-passes", split = ",", description = "What auto tries: pipelines like "
            + "graph,int8-dynamic,prune+int8-static:minmax.")
    List<String> autoPasses = List.of();
    @CommandLine.Option(names = "--calibration", description = "Calibration data: image folder or .npy file.")
    String calibration;
    @CommandLine.Option(names = "--calibration-labels", description = "Labels .npy for --calibration (unused by passes).")
    String calibrationLabels;
    @CommandLine.Option(names = "--calibration-limit", description = "Use at most this many calibration samples.")
    Integer calibrationLimit;
    @CommandLine.Option(names = "--validation", description = "Validation data: image folder or .npy file.")
    String validation;
    @CommandLine.Option(names = "--validation-labels", description = "Integer labels .npy for an .npy --validation.")
    String validationLabels;
    @CommandLine.Option(names = "--validation-limit", description = "Use at most this many validation samples.")
    Integer validationLimit;
    @CommandLine.Option(names = "--resize", description = "Image resize WIDTHxHEIGHT[:stretch|fit-pad|shorter-side].")
    String resize;
    @CommandLine.Option(names = "--crop", description = "Centre crop WIDTHxHEIGHT after resizing.")
    String crop;
    @CommandLine.Option(names = "--mean", split = ",", description = "Per-channel mean on the [0,1] scale.")
    List<Double> mean;
    @CommandLine.Option(names = "--std", split = ",", description = "Per-channel std on the [0,1] scale.")
    List<Double> std;
    @CommandLine.Option(names = "--channel-order", description = "RGB or BGR.")
    String channelOrder;
    @CommandLine.Option(names = "--layout", description = "NCHW or NHWC.")
    String layout;
    @CommandLine.Option(names = "--max-accuracy-drop", description = "Largest allowed top-1 drop, a fraction (0.01 = 1 point).")
    Double maxAccuracyDrop;
    @CommandLine.Option(names = "--max-latency-ms", description = "Largest allowed batch-1 latency at --latency-percentile.")
    Double maxLatencyMillis;
    @CommandLine.Option(names = "--latency-percentile", description = "50, 95 or 99 (default 99).")
    Integer latencyPercentile;
    @CommandLine.Option(names = "--max-size-bytes", description = "Largest allowed artifact size.")
    Long maxSizeBytes;
    @CommandLine.Option(names = "--objective", description = "latency (default) or size.")
    String objective;
    @CommandLine.Option(names = "--artifact-compression", description = "How model.onnx is stored: none (default) "
            + "or gzip (writes model.onnx.gz; size goals then judge the compressed bytes).")
    String artifactCompression;
    @CommandLine.Option(names = "--ep", description = "Execution provider to measure on: cpu (default) or cuda.")
    String executionProvider;
    @CommandLine.Option(names = "--threads", description = "Intra-op threads when measuring (default 1).")
    Integer threads;
    @CommandLine.Option(names = "--warmup-runs", description = "Untimed runs before timing (default ${DEFAULT-VALUE}).",
            defaultValue = "20")
    int warmupRuns;
    @CommandLine.Option(names = "--latency-runs", description = "Timed runs per variant (default ${DEFAULT-VALUE}).",
            defaultValue = "200")
    int latencyRuns;
    @CommandLine.Option(names = "--fallback-trials", description = "Accuracy fallback trials per variant, 0 to disable "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "16")
    int fallbackTrials;
    @CommandLine.Option(names = "--keep-variants", description = "Keep every variant's file under <out>/variants/.")
    boolean keepVariants;
    @CommandLine.Option(names = "--download-timeout", description = "Longest a model download may take, ISO-8601 "
            + "(default ${DEFAULT-VALUE}).", defaultValue = "PT30M")
    Duration downloadTimeout;

    private final Function<String, ModelPass> passFactory;
    private final PrintStream stdout;
    private final PrintStream stderr;

    public OptimizeCommand() {
        this(Passes::create, System.out, System.err);
    }

    /** For tests: other passes and streams. */
    public OptimizeCommand(Function<String, ModelPass> passFactory, PrintStream stdout, PrintStream stderr) {
        this.passFactory = passFactory;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        try {
            OptimizationPlan resolved = PlanResolver.resolve(plan == null ? null : PlanResolver.read(plan), flags());
            RunSettings settings = new RunSettings(warmupRuns, latencyRuns, fallbackTrials, keepVariants, downloadTimeout);
            if (warmupRuns < 0 || latencyRuns <= 0 || fallbackTrials < 0) {
                throw OptimizeException.invalidInput("--warmup-runs and --fallback-trials must not be negative, "
                        + "--latency-runs must be positive");
            }
            OptimizationReport report = new Optimizer(passFactory, settings, new Progress(stdout)).run(resolved, out);
            report.write(out.resolve("report.json"));
            stdout.println("[optimize] wrote " + out.resolve("report.json")
                    + (report.artifact() == null ? "" : " and " + out.resolve(report.artifact().path())) + "; outcome " + report.outcome());
            writeTermination(report.toSummary());
            return report.outcome().exitCode();
        } catch (OptimizeException e) {
            return fail(e.outcome(), e.getMessage(), null);
        } catch (Exception | LinkageError e) {
            return fail(Outcome.Failed, "optimize failed: " + e, e);
        }
    }

    private int fail(Outcome outcome, String message, Throwable cause) {
        stderr.println("[optimize] " + outcome + ": " + message);
        if (cause != null) {
            cause.printStackTrace(stderr);
        }
        try {
            writeTermination(OptimizationSummary.failure(outcome, message));
        } catch (IOException e) {
            stderr.println("[optimize] cannot write the termination log " + terminationLog + ": " + e.getMessage());
        }
        return outcome.exitCode();
    }

    private void writeTermination(OptimizationSummary summary) throws IOException {
        if (terminationLog != null) {
            Files.writeString(terminationLog, summary.toTerminationMessage());
        }
    }

    private PlanFlags flags() {
        Map<String, String> candidateMap = new LinkedHashMap<>();
        for (String c : candidates) {
            Map.Entry<String, String> entry = PlanResolver.candidate(c);
            candidateMap.put(entry.getKey(), entry.getValue());
        }
        return new PlanFlags(model, modelName, modelSha256, candidateMap, passes, autoPasses, calibration,
                calibrationLabels, calibrationLimit, validation, validationLabels, validationLimit, resize, crop, mean,
                std, channelOrder, layout, maxAccuracyDrop, maxLatencyMillis, latencyPercentile, maxSizeBytes, objective,
                executionProvider, threads, artifactCompression);
    }
}
