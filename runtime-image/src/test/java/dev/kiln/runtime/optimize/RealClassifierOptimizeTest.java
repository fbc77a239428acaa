package dev.kiln.runtime.optimize;

import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import dev.kiln.runtime.optimize.pass.Passes;
import dev.kiln.runtime.optimize.report.OptimizationReport;
import dev.kiln.runtime.optimize.report.VariantReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command as the Job runs it, on the real text-orientation classifier with a small generated set and the
 * registered passes ({@link Passes}).
 */
class RealClassifierOptimizeTest {

    @Test
    void optimizesTheRealClassifierFromImageFolders(@TempDir Path out) throws Exception {
        Path validation = RealModels.textOrientation(60, 11);
        Path calibration = RealModels.textOrientation(20, 12);

        OptimizeCommandTest.Run run = OptimizeCommandTest.run(out, Passes::create,
                "--model", RealModels.classifier().toString(), "--model-name", "orientation",
                "--validation", validation.toString(), "--calibration", calibration.toString(),
                "--resize", "192x48:fit-pad", "--mean", "0.5,0.5,0.5", "--std", "0.5,0.5,0.5", "--channel-order", "BGR",
                "--layout", "NCHW", "--passes", "auto", "--auto-passes", "graph,int8-static:minmax",
                "--max-accuracy-drop", "0.02", "--fallback-trials", "4", "--threads", "1");

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(0);
        OptimizationReport report = run.report();
        VariantReport original = report.variants().get(0);
        assertThat(original.name()).isEqualTo("orientation/original");
        assertThat(original.sizeBytes()).isEqualTo(Files.size(RealModels.classifier()));
        assertThat(original.accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(report.reference().samples()).isEqualTo(60);
        assertThat(report.variants()).extracting(VariantReport::name)
                .contains("orientation/graph", "orientation/int8-static-minmax");
        assertThat(report.variants()).allSatisfy(v -> {
            assertThat(v.error()).as(v.name()).isNull();
            assertThat(v.latencyMillis().p50()).isPositive();
        });
        VariantReport int8 = report.variants().stream().filter(v -> v.name().equals("orientation/int8-static-minmax"))
                .findFirst().orElseThrow();
        assertThat(int8.sizeBytes()).isLessThan(original.sizeBytes() * 6 / 10);
        assertThat(int8.accuracyDrop()).isLessThanOrEqualTo(0.02);
        assertThat(int8.meetsGoals()).isTrue();
        assertThat(report.selected()).isNotNull();
        assertThat(report.outcome()).isEqualTo(Outcome.Succeeded);
        String termination = Files.readString(out.resolve("termination-log"));
        assertThat(termination.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(OptimizationSummary.MAX_TERMINATION_MESSAGE_BYTES);
        assertThat(OptimizationSummary.parse(termination).selected()).isEqualTo(report.selected());
        assertThat(run.stdout()).contains("validation: ").contains("orientation/original: ");
    }
}
