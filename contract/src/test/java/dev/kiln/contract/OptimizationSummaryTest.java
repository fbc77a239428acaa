package dev.kiln.contract;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizationSummaryTest {

    @Test
    void sampleRoundTripsThroughTheTerminationMessage() {
        OptimizationSummary sample = Contracts.sample("optimization-summary-v1.json", OptimizationSummary.class);

        OptimizationSummary back = OptimizationSummary.parse(sample.toTerminationMessage());

        assertEquals(sample, back);
        assertEquals(Outcome.Succeeded, back.outcome());
        assertEquals("text-orientation/graph", back.selected());
        assertEquals(3, back.variants().size());
        assertNull(back.omittedVariants());
    }

    @Test
    void manyVariantsAreShortenedToFitButTheSelectedOneStays() {
        List<VariantSummary> variants = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            variants.add(new VariantSummary("model/variant-with-a-long-name-" + i, "model",
                    List.of("graph", "int8-static"), 1_000_000L + i, new LatencyMillis(1.5, 2.5, 3.5), 0.99,
                    0.995, i % 2 == 0, List.of("latency p99 3.5 ms > 2.0 ms by 1.5 ms")));
        }
        String selected = variants.get(59).name();
        OptimizationSummary summary = new OptimizationSummary(OptimizationSummary.API_VERSION, Outcome.Succeeded,
                "60 variants", selected, "fastest", new Artifact("model.onnx", "ab".repeat(32), 10), variants, null);

        String message = summary.toTerminationMessage();
        OptimizationSummary back = OptimizationSummary.parse(message);

        assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= OptimizationSummary.MAX_TERMINATION_MESSAGE_BYTES);
        assertTrue(back.variants().stream().anyMatch(v -> v.name().equals(selected)));
        assertEquals(60, back.variants().size() + back.omittedVariants());
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() {
        OptimizationSummary back = OptimizationSummary.parse(
                "{\"apiVersion\":\"kiln.dev/optimization-summary/v1\",\"outcome\":\"GoalsNotMet\",\"future\":1}");

        assertEquals(Outcome.GoalsNotMet, back.outcome());
    }

    @Test
    void exitCodesMapBackToOutcomes() {
        for (Outcome outcome : Outcome.values()) {
            assertEquals(outcome, Outcome.fromExitCode(outcome.exitCode()));
        }
        assertEquals(Outcome.Failed, Outcome.fromExitCode(137));
    }
}
