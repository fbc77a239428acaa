package dev.kiln.runtime.optimize;

import dev.kiln.contract.Contracts;
import dev.kiln.contract.DataSet;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.contract.Outcome;
import dev.kiln.contract.Preprocessing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanResolverTest {

    private static final OptimizationPlan SAMPLE = Contracts.sample("optimization-plan-v1.json", OptimizationPlan.class);

    @TempDir
    Path dir;

    @Test
    void withoutFlagsThePlanStandsAsWritten() {
        assertThat(PlanResolver.resolve(SAMPLE, PlanFlags.none())).isEqualTo(SAMPLE);
    }

    @Test
    void flagsOverrideThePlanFieldByField() {
        PlanFlags flags = new PlanFlags("/models/other.onnx", null, null, Map.of("tiny", "/models/tiny.onnx"),
                List.of("auto"), List.of("graph"), null, null, 50, "/data/val.npy", "/data/val-labels.npy", null,
                null, null, null, null, "RGB", null, 0.02, null, 50, null, "size", null, 2, "gzip");

        OptimizationPlan plan = PlanResolver.resolve(SAMPLE, flags);

        assertThat(plan.model().uri()).isEqualTo("/models/other.onnx");
        assertThat(plan.model().name()).isEqualTo("text-orientation");
        assertThat(plan.model().sha256()).as("a new file drops the old digest").isNull();
        assertThat(plan.candidates()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("tiny"));
        assertThat(plan.passes()).containsExactly("auto");
        assertThat(plan.autoPasses()).containsExactly("graph");
        assertThat(plan.calibration().uri()).isEqualTo("/kiln/sources/data/calibration");
        assertThat(plan.calibration().limit()).isEqualTo(50);
        assertThat(plan.calibration().preprocessing().channelOrder()).isEqualTo("RGB");
        assertThat(plan.calibration().preprocessing().resize().mode()).isEqualTo(Preprocessing.Resize.FIT_PAD);
        assertThat(plan.validation().format()).isEqualTo(DataSet.NPY);
        assertThat(plan.validation().labels()).isEqualTo("/data/val-labels.npy");
        assertThat(plan.goals().maxAccuracyDrop()).isEqualTo(0.02);
        assertThat(plan.goals().maxLatencyMillis()).isEqualTo(5.0);
        assertThat(plan.goals().latencyPercentile()).isEqualTo(50);
        assertThat(plan.goals().maxSizeBytes()).isEqualTo(1_000_000L);
        assertThat(plan.goals().objective()).isEqualTo("size");
        assertThat(plan.executionProvider()).isEqualTo("cpu");
        assertThat(plan.threads()).isEqualTo(2);
        assertThat(plan.artifactCompression()).isEqualTo("gzip");
    }

    @Test
    void flagsAloneMakeAPlan() {
        PlanFlags flags = new PlanFlags("m.onnx", null, null, Map.of(), List.of(), List.of(), "cal", null, null,
                "val", null, null, "192x48:fit-pad", null, List.of(0.5), List.of(0.5), "BGR", "NCHW", null, 5.0, null,
                null, null, "cpu", 1, null);

        OptimizationPlan plan = PlanResolver.resolve(null, flags);

        assertThat(plan.apiVersion()).isEqualTo(OptimizationPlan.API_VERSION);
        assertThat(plan.validation().format()).isEqualTo(DataSet.IMAGE_FOLDER);
        assertThat(plan.validation().preprocessing().resize()).isEqualTo(new Preprocessing.Resize(192, 48, "fit-pad"));
        assertThat(plan.calibration().preprocessing().mean()).containsExactly(0.5);
        assertThat(plan.goals().maxLatencyMillis()).isEqualTo(5.0);
    }

    @Test
    void badFlagsAndPlanFilesNameTheProblem() throws Exception {
        PlanFlags badResize = new PlanFlags(null, null, null, Map.of(), List.of(), List.of(), null, null, null, null,
                null, null, "192by48", null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertInvalid(() -> PlanResolver.resolve(SAMPLE, badResize), "--resize", "192by48");
        assertInvalid(() -> PlanResolver.candidate("student"), "--candidate", "name=file");
        assertInvalid(() -> PlanResolver.read(dir.resolve("none.json")), "--plan", "none.json", "does not exist");
        Path broken = Files.writeString(dir.resolve("plan.json"), "{\"model\": [1,2]}");
        assertInvalid(() -> PlanResolver.read(broken), "--plan", "plan.json", "not a valid optimization plan");
        assertThat(PlanResolver.candidate("student=https://x/s.onnx")).isEqualTo(Map.entry("student", "https://x/s.onnx"));
    }

    @Test
    void planChecksNameTheField() {
        OptimizationPlan noModel = new OptimizationPlan(null, null, null, null, null, null, null, null, null, null, null);
        assertInvalid(() -> PlanChecks.check(noModel), "model", "--model");
        assertInvalid(() -> PlanChecks.check(withGoals(new dev.kiln.contract.Goals(2.0, null, null, null, null))),
                "goals.maxAccuracyDrop");
        assertInvalid(() -> PlanChecks.check(withGoals(new dev.kiln.contract.Goals(null, null, 90, null, null))),
                "goals.latencyPercentile", "90");
        assertInvalid(() -> PlanChecks.check(withGoals(new dev.kiln.contract.Goals(null, null, null, null, "speed"))),
                "goals.objective", "speed");
        OptimizationPlan wrongVersion = new OptimizationPlan("v0", SAMPLE.model(), null, null, null, null, null, null,
                null, null, null);
        assertInvalid(() -> PlanChecks.check(wrongVersion), "apiVersion", "v0");
        OptimizationPlan dropWithoutData = new OptimizationPlan(null, SAMPLE.model(), null, null, null, null,
                new dev.kiln.contract.Goals(0.01, null, null, null, null), null, null, null, null);
        assertInvalid(() -> PlanChecks.check(dropWithoutData), "goals.maxAccuracyDrop", "validation");
        OptimizationPlan zip = new OptimizationPlan(null, SAMPLE.model(), null, null, null, null, null, null, null, null,
                "zip");
        assertInvalid(() -> PlanChecks.check(zip), "artifactCompression", "zip", "gzip");
    }

    private static OptimizationPlan withGoals(dev.kiln.contract.Goals goals) {
        return new OptimizationPlan(null, SAMPLE.model(), null, null, null, SAMPLE.validation(), goals, null, null, null, null);
    }

    private static void assertInvalid(Runnable r, String... fragments) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(OptimizeException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.InvalidInput);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }
}
