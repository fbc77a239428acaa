package dev.kiln.runtime.optimize;

import ai.onnx.proto.OnnxMl;
import dev.kiln.contract.DataSet;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import dev.kiln.runtime.optimize.data.DataSetLoader;
import dev.kiln.runtime.optimize.data.InputSpec;
import dev.kiln.runtime.optimize.data.Samples;
import dev.kiln.runtime.optimize.measure.ModelRunner;
import dev.kiln.runtime.optimize.pass.ModelPass;
import dev.kiln.runtime.optimize.report.OptimizationReport;
import dev.kiln.runtime.optimize.report.VariantReport;
import dev.kiln.runtime.optimize.source.Digests;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole command on a small synthetic model, with test passes that really change its weights. */
class OptimizeCommandTest {

    @TempDir
    static Path data;

    static Path model;
    static Path candidate;
    static Path validation;
    static Path labels;
    static Path calibration;

    @BeforeAll
    static void makeModelsAndData() throws Exception {
        model = TestModels.write(TestModels.mlp(3, 8, 32, 32, 4), data.resolve("mlp.onnx"));
        candidate = TestModels.write(TestModels.mlp(4, 8, 4, 4), data.resolve("student.onnx"));
        Random random = new Random(5);
        float[] x = new float[300 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        validation = NpyFiles.floats(data.resolve("val.npy"), x, 300, 8);
        calibration = NpyFiles.floats(data.resolve("cal.npy"), Arrays.copyOf(x, 40 * 8), 40, 8);
        // Labels are the float model's own answers, so its accuracy is 100% and any damage shows.
        Samples samples = DataSetLoader.load(new DataSet(validation.toString(), DataSet.NPY, null, null, null), "v",
                new InputSpec("x", new long[]{-1, 8}));
        float[][] outputs = new ModelRunner("cpu", 1, 0, 1).outputs(model, samples);
        long[] y = new long[outputs.length];
        for (int i = 0; i < y.length; i++) {
            for (int c = 1; c < outputs[i].length; c++) {
                if (outputs[i][c] > outputs[i][(int) y[i]]) {
                    y[i] = c;
                }
            }
        }
        labels = NpyFiles.longs(data.resolve("labels.npy"), y, y.length);
    }

    record Run(int exitCode, String stdout, String stderr, Path out) {
        OptimizationReport report() throws Exception {
            return OptimizationReport.read(out.resolve("report.json"));
        }

        OptimizationSummary summary() throws Exception {
            return OptimizationSummary.parse(Files.readString(out.resolve("termination-log")));
        }
    }

    static Run run(Path out, Function<String, ModelPass> passes, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--out", out.toString(), "--termination-log",
                out.resolve("termination-log").toString(), "--warmup-runs", "2", "--latency-runs", "20"));
        all.addAll(List.of(args));
        try {
            Files.createDirectories(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int code = new CommandLine(new OptimizeCommand(passes, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8))).execute(all.toArray(String[]::new));
        return new Run(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8), out);
    }

    private static String[] withData(String... more) {
        List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--validation", validation.toString(),
                "--validation-labels", labels.toString(), "--calibration", calibration.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static VariantReport variant(OptimizationReport report, String name) {
        return report.variants().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no variant " + name + " in " + report.variants()));
    }

    @Test
    void selectsTheFastestVariantMeetingTheGoalsAndWritesEverything(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), withData("--passes", "auto", "--auto-passes",
                "graph,int8-static:minmax", "--max-accuracy-drop", "0.01", "--latency-percentile", "50"));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
        OptimizationReport report = run.report();
        assertThat(report.variants()).extracting(VariantReport::name)
                .containsExactly("mlp/original", "mlp/graph", "mlp/int8-static-minmax");
        assertThat(report.variants()).allSatisfy(v -> {
            assertThat(v.meetsGoals()).isTrue();
            assertThat(v.sha256()).hasSize(64);
            assertThat(v.latencyMillis().p50()).isPositive();
            assertThat(v.latencyMillis().p99()).isGreaterThanOrEqualTo(v.latencyMillis().p50());
            assertThat(v.throughputPerSecond()).isPositive();
            assertThat(v.accuracy()).isGreaterThanOrEqualTo(0.99);
        });
        assertThat(variant(report, "mlp/original").accuracy()).isEqualTo(1.0);
        assertThat(variant(report, "mlp/int8-static-minmax").meanAbsDiff()).isPositive();
        double fastest = report.variants().stream().mapToDouble(v -> v.latencyMillis().p50()).min().orElseThrow();
        assertThat(variant(report, report.selected()).latencyMillis().p50()).isEqualTo(fastest);
        assertThat(report.reason()).contains("lowest p50 latency");
        assertThat(report.outcome()).isEqualTo(Outcome.Succeeded);
        assertThat(report.artifact().sha256()).isEqualTo(Digests.sha256(out.resolve("model.onnx")));
        assertThat(report.artifact().sha256()).isEqualTo(variant(report, report.selected()).sha256());
        assertThat(out.resolve("variants")).doesNotExist();
        assertThat(out.resolve("work")).doesNotExist();
        OptimizationSummary summary = run.summary();
        assertThat(summary.outcome()).isEqualTo(Outcome.Succeeded);
        assertThat(summary.selected()).isEqualTo(report.selected());
        assertThat(summary.variants()).hasSize(3);
        assertThat(run.stdout()).contains("[3/3] mlp/int8-static-minmax").contains("reason:");
    }

    @Test
    void fallbackKeepsTheDamagedNodeInFloat(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), withData("--passes", "int8-dynamic", "--max-accuracy-drop",
                "0.01", "--keep-variants"));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
        OptimizationReport report = run.report();
        VariantReport damaged = variant(report, "mlp/int8-dynamic");
        assertThat(damaged.meetsGoals()).isFalse();
        assertThat(damaged.missed()).singleElement().asString().startsWith("accuracy drop");
        VariantReport repaired = variant(report, "mlp/int8-dynamic+float1");
        assertThat(repaired.keptInFloat()).containsExactly("fc1");
        assertThat(repaired.fallbackOf()).isEqualTo("mlp/int8-dynamic");
        assertThat(repaired.meetsGoals()).isTrue();
        assertThat(repaired.accuracyDrop()).isLessThan(damaged.accuracyDrop());
        assertThat(report.fallbacks()).singleElement().satisfies(f -> {
            assertThat(f.met()).isTrue();
            assertThat(f.result()).isEqualTo("mlp/int8-dynamic+float1");
            assertThat(f.trials()).isEqualTo(1);
        });
        assertThat(out.resolve("variants/mlp_int8-dynamic+float1.onnx")).exists();
    }

    @Test
    void gzipStoresTheArtifactCompressedAndJudgesSizeByTheStoredBytes(@TempDir Path out) throws Exception {
        long gzipped = ArtifactCompression.GZIP.measure(model).sizeBytes();
        assertThat(gzipped).as("precondition: the model compresses").isLessThan(Files.size(model));
        String limit = Long.toString(gzipped);

        Run plain = run(out.resolve("plain"), TestPasses.damagingOneNode(), withData("--max-size-bytes", limit));
        Run gzip = run(out.resolve("gzip"), TestPasses.damagingOneNode(), withData("--max-size-bytes", limit,
                "--artifact-compression", "gzip"));

        assertThat(plain.exitCode()).as("the .onnx misses the limit").isEqualTo(Outcome.GoalsNotMet.exitCode());
        assertThat(gzip.exitCode()).as(gzip.stderr()).isEqualTo(Outcome.Succeeded.exitCode());
        VariantReport original = variant(gzip.report(), "mlp/original");
        assertThat(original.sizeBytes()).isEqualTo(gzipped);
        assertThat(original.uncompressedSizeBytes()).isEqualTo(Files.size(model));
        assertThat(original.meetsGoals()).isTrue();
        assertThat(variant(plain.report(), "mlp/original").sizeBytes()).isEqualTo(Files.size(model));

        OptimizationReport report = gzip.report();
        Path stored = gzip.out().resolve("model.onnx.gz");
        assertThat(gzip.out().resolve("model.onnx")).doesNotExist();
        assertThat(report.artifact().path()).isEqualTo("model.onnx.gz");
        VariantReport selected = variant(report, report.selected());
        assertThat(report.variants().stream().filter(VariantReport::measured))
                .allSatisfy(v -> assertThat(v.sizeBytes()).isLessThan(v.uncompressedSizeBytes()));
        assertThat(report.artifact().sizeBytes()).isEqualTo(Files.size(stored)).isEqualTo(selected.sizeBytes());
        assertThat(report.artifact().sha256()).isEqualTo(Digests.sha256(stored)).isEqualTo(selected.sha256());
        assertThat(gzip.summary().artifact().path()).isEqualTo("model.onnx.gz");
        byte[] inflated;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(stored))) {
            inflated = in.readAllBytes();
        }
        assertThat((long) inflated.length).isEqualTo(selected.uncompressedSizeBytes());
        try (ai.onnxruntime.OrtSession session = ai.onnxruntime.OrtEnvironment.getEnvironment()
                .createSession(inflated, new ai.onnxruntime.OrtSession.SessionOptions())) {
            assertThat(session.getInputNames()).containsExactly("x");
        }
    }

    @Test
    void unknownArtifactCompressionIsABadInput(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), withData("--artifact-compression", "zip"));

        assertThat(run.exitCode()).isEqualTo(Outcome.InvalidInput.exitCode());
        assertThat(run.stderr()).contains("artifactCompression", "'zip'", "--artifact-compression none|gzip");
    }

    @Test
    void goalsNotMetExitsWithItsCodeAndStillWritesTheBestEffort(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), withData("--passes", "graph", "--max-size-bytes", "100"));

        assertThat(run.exitCode()).isEqualTo(Outcome.GoalsNotMet.exitCode()).isEqualTo(4);
        OptimizationReport report = run.report();
        assertThat(report.outcome()).isEqualTo(Outcome.GoalsNotMet);
        assertThat(report.variants()).allSatisfy(v -> assertThat(v.missed()).singleElement().asString()
                .startsWith("size ").contains("> 100 bytes allowed, by "));
        assertThat(report.reason()).startsWith("no variant meets every goal");
        assertThat(out.resolve("model.onnx")).exists();
        assertThat(run.summary().outcome()).isEqualTo(Outcome.GoalsNotMet);
    }

    @Test
    void candidatesGoThroughTheSamePassesAndAreComparedWithThePrimary(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), withData("--passes", "graph", "--candidate",
                "student=" + candidate, "--objective", "size"));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
        OptimizationReport report = run.report();
        assertThat(report.variants()).extracting(VariantReport::name)
                .containsExactly("mlp/original", "mlp/graph", "student/original", "student/graph");
        VariantReport student = variant(report, "student/original");
        assertThat(student.candidate()).isEqualTo("student");
        assertThat(student.agreement()).isLessThan(1.0);
        assertThat(student.sizeBytes()).isLessThan(variant(report, "mlp/original").sizeBytes());
        assertThat(report.selected()).startsWith("student/");
        assertThat(report.reason()).contains("smallest file");
    }

    @Test
    void aFailingPassIsReportedAndTheRunGoesOn(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), withData("--passes", "auto", "--auto-passes", "prune,graph"));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
        VariantReport pruned = variant(run.report(), "mlp/prune");
        assertThat(pruned.error()).contains("no quantized kernel");
        assertThat(pruned.meetsGoals()).isFalse();
        assertThat(run.report().selected()).isNotEqualTo("mlp/prune");
    }

    @Test
    void inputErrorsExitWithTheirCodeAndNameTheProblem(@TempDir Path out) throws Exception {
        Path notOnnx = Files.writeString(out.resolve("model.txt"), "hello");
        Path wrongWidth = NpyFiles.floats(out.resolve("wide.npy"), new float[18], 2, 9);

        Run missing = run(out.resolve("a"), TestPasses.damagingOneNode(), "--model", out.resolve("none.onnx").toString());
        Run garbage = run(out.resolve("b"), TestPasses.damagingOneNode(), "--model", notOnnx.toString());
        Run badData = run(out.resolve("c"), TestPasses.damagingOneNode(), "--model", model.toString(), "--validation",
                wrongWidth.toString());
        Run badGoal = run(out.resolve("d"), TestPasses.damagingOneNode(), "--model", model.toString(),
                "--latency-percentile", "90");
        Run badFlag = run(out.resolve("e"), TestPasses.damagingOneNode(), "--model", model.toString(), "--speed", "fast");

        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.stderr()).contains("none.onnx").contains("does not exist");
        assertThat(missing.summary().outcome()).isEqualTo(Outcome.ModelUnavailable);
        assertThat(missing.summary().message()).contains("none.onnx");
        assertThat(garbage.exitCode()).isEqualTo(3);
        assertThat(garbage.stderr()).contains("model.txt").contains("not an ONNX model");
        assertThat(badData.exitCode()).isEqualTo(2);
        assertThat(badData.stderr()).contains("validation.uri").contains("wide.npy").contains("[2, 9]").contains("[?, 8]");
        assertThat(badData.summary().outcome()).isEqualTo(Outcome.InvalidInput);
        assertThat(badGoal.exitCode()).isEqualTo(2);
        assertThat(badGoal.stderr()).contains("goals.latencyPercentile");
        assertThat(badFlag.exitCode()).isEqualTo(2);
    }

    @Test
    void aPlanFileIsReadAndFlagsOverrideIt(@TempDir Path out) throws Exception {
        Path plan = Files.writeString(out.resolve("plan.json"), """
                {"apiVersion": "kiln.dev/optimization-plan/v1",
                 "model": {"name": "planned", "uri": "%s"},
                 "passes": ["int8-static"],
                 "calibration": {"uri": "%s", "format": "npy"},
                 "validation": {"uri": "%s", "format": "npy", "labels": "%s"},
                 "goals": {"maxSizeBytes": 100},
                 "threads": 1}
                """.formatted(model, calibration, validation, labels));

        Run run = run(out.resolve("run"), TestPasses.damagingOneNode(), "--plan", plan.toString(), "--passes", "graph",
                "--max-size-bytes", "100000000");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
        assertThat(run.report().variants()).extracting(VariantReport::name).containsExactly("planned/original", "planned/graph");
        assertThat(run.report().goals().maxSizeBytes()).isEqualTo(100_000_000L);
    }

    @Test
    void withoutValidationDataRandomInputsMeasureAgreement(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), "--model", model.toString(), "--passes", "int8-dynamic");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
        OptimizationReport report = run.report();
        assertThat(report.reference().validation()).contains("random");
        assertThat(variant(report, "mlp/int8-dynamic").accuracy()).isNull();
        assertThat(variant(report, "mlp/int8-dynamic").agreement()).isLessThan(1.0);
    }

    @Test
    void theWrittenModelIsTheSelectedVariantsFile(@TempDir Path out) throws Exception {
        Run run = run(out, TestPasses.damagingOneNode(), withData("--passes", "int8-static", "--max-size-bytes", "100000000",
                "--keep-variants"));

        OnnxMl.ModelProto written = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(out.resolve("model.onnx")));
        OptimizationReport report = run.report();
        Path selectedFile = report.selected().equals("mlp/original") ? model
                : out.resolve("variants/" + report.selected().replace('/', '_') + ".onnx");
        assertThat(written).isEqualTo(OnnxMl.ModelProto.parseFrom(Files.readAllBytes(selectedFile)));
    }
}
