package dev.kiln.runtime.optimize.report;

import dev.kiln.contract.Artifact;
import dev.kiln.contract.Goals;
import dev.kiln.contract.LatencyMillis;
import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OptimizationReportTest {

    private static OptimizationReport report(int variantCount) {
        List<VariantReport> variants = new ArrayList<>();
        for (int i = 0; i < variantCount; i++) {
            variants.add(new VariantReport("resnet50/prune+int8-static-entropy-" + i, "resnet50",
                    List.of("prune", "int8-static-entropy"), List.of("conv1"), null, 26_000_000L + i, "ab".repeat(32),
                    new LatencyMillis(13.7, 14.2, 15.9), 72.9, 0.91, 0.97, 0.012, 0.01, i == 7,
                    i == 7 ? List.of() : List.of("latency p99 15.90 ms > 10.00 ms allowed, by 5.90 ms"), null, 26_000_000L + i));
        }
        return new OptimizationReport(OptimizationReport.API_VERSION, Outcome.Succeeded, "30 variants", variants.get(7).name(),
                "lowest p99", new Artifact("model.onnx", "cd".repeat(32), 26_000_007L), "cpu", 1,
                new Goals(0.01, 10.0, 99, null, null), new OptimizationReport.Reference("resnet50", 0.92, "val", 400),
                variants, List.of(), List.of());
    }

    @Test
    void reportRoundTripsThroughItsFile(@TempDir Path dir) throws Exception {
        OptimizationReport report = report(8);
        report.write(dir.resolve("report.json"));

        assertThat(OptimizationReport.read(dir.resolve("report.json"))).isEqualTo(report);
    }

    @Test
    void summaryOfManyVariantsFitsTheTerminationMessageAndKeepsTheSelected() {
        OptimizationReport report = report(30);

        String message = report.toSummary().toTerminationMessage();
        OptimizationSummary back = OptimizationSummary.parse(message);

        assertThat(message.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(OptimizationSummary.MAX_TERMINATION_MESSAGE_BYTES);
        assertThat(back.selected()).isEqualTo(report.selected());
        assertThat(back.variants()).anySatisfy(v -> assertThat(v.name()).isEqualTo(report.selected()));
        assertThat(back.variants().size() + back.omittedVariants()).isEqualTo(30);
        assertThat(back.artifact()).isEqualTo(report.artifact());
        assertThat(back.outcome()).isEqualTo(Outcome.Succeeded);
    }
}
