package dev.kiln.contract;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the optimizer tells the operator, through the Job pod's termination message. Kubernetes keeps at
 * most 4096 bytes of it, so {@link #toTerminationMessage()} drops variants (never the selected one) until it
 * fits and counts what it dropped; the full list stays in {@code report.json} beside the artifact.
 *
 * @param apiVersion      always {@link #API_VERSION}
 * @param outcome         how the run ended
 * @param message         one line for people: what happened
 * @param selected        name of the selected variant; null when none could be selected
 * @param reason          why that variant was selected
 * @param artifact        the selected file; null when none was written
 * @param variants        every variant measured (possibly shortened, see {@code omittedVariants})
 * @param omittedVariants how many variants were left out to fit the size limit
 */
public record OptimizationSummary(String apiVersion, Outcome outcome, String message, String selected,
                                  String reason, Artifact artifact, List<VariantSummary> variants,
                                  Integer omittedVariants) {

    public static final String API_VERSION = "kiln.dev/optimization-summary/v1";
    /** Kubernetes truncates termination messages beyond this. */
    public static final int MAX_TERMINATION_MESSAGE_BYTES = 4096;

    public static OptimizationSummary failure(Outcome outcome, String message) {
        return new OptimizationSummary(API_VERSION, outcome, message, null, null, null, List.of(), null);
    }

    public static OptimizationSummary parse(String json) {
        try {
            return Contracts.mapper().readValue(json, OptimizationSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an optimization summary: " + e.getOriginalMessage(), e);
        }
    }

    /** Compact JSON no longer than {@link #MAX_TERMINATION_MESSAGE_BYTES}. */
    public String toTerminationMessage() {
        List<VariantSummary> kept = new ArrayList<>(variants == null ? List.of() : variants);
        int omitted = omittedVariants == null ? 0 : omittedVariants;
        String message = this.message;
        while (true) {
            OptimizationSummary candidate = new OptimizationSummary(apiVersion, outcome, message, selected, reason,
                    artifact, kept, omitted == 0 ? null : omitted);
            String json = write(candidate);
            if (json.getBytes(StandardCharsets.UTF_8).length <= MAX_TERMINATION_MESSAGE_BYTES) {
                return json;
            }
            int drop = lastDroppable(kept);
            if (drop >= 0) {
                kept.remove(drop);
                omitted++;
            } else if (message != null && message.length() > 200) {
                message = message.substring(0, 200) + "...";
            } else {
                throw new IllegalStateException("summary cannot fit in " + MAX_TERMINATION_MESSAGE_BYTES + " bytes");
            }
        }
    }

    private int lastDroppable(List<VariantSummary> kept) {
        for (int i = kept.size() - 1; i >= 0; i--) {
            if (!kept.get(i).name().equals(selected)) {
                return i;
            }
        }
        return -1;
    }

    private static String write(OptimizationSummary summary) {
        try {
            return Contracts.mapper().writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
