package dev.kiln.runtime.optimize.select;

import dev.kiln.contract.Goals;
import dev.kiln.contract.LatencyMillis;
import dev.kiln.runtime.optimize.report.VariantReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class VariantSelectorTest {

    /** name, size, p50, p99, accuracy drop. */
    private static VariantReport v(String name, long size, double p50, double p99, double drop) {
        return new VariantReport("m/" + name, "m", List.of(name), List.of(), null, size, "00", new LatencyMillis(p50, p50, p99),
                1000 / p50, 0.99 - drop, 1 - drop, 0.01, drop, false, List.of(), null, size);
    }

    private static final List<VariantReport> VARIANTS = List.of(
            v("original", 1000, 1.0, 1.5, 0.0),
            v("graph", 990, 0.9, 1.4, 0.0),
            v("int8", 300, 1.2, 1.3, 0.005),
            v("int8-bad", 290, 0.5, 0.6, 0.05));

    static Stream<Arguments> cases() {
        return Stream.of(
                // objective latency at p99 (default percentile): int8 has the lowest p99 among those within 1 point
                Arguments.of(new Goals(0.01, null, null, null, null), "m/int8", true),
                // at p50 graph is fastest
                Arguments.of(new Goals(0.01, null, 50, null, null), "m/graph", true),
                // objective size: int8 (int8-bad misses accuracy)
                Arguments.of(new Goals(0.01, null, null, null, Goals.SIZE), "m/int8", true),
                // without goals, the fastest of all at p99
                Arguments.of(new Goals(null, null, null, null, null), "m/int8-bad", true),
                // size bound excludes original and graph, latency bound excludes int8: nothing meets; best effort
                // misses one goal by the least
                Arguments.of(new Goals(0.01, 1.25, 99, 500L, null), "m/int8", false),
                // nothing meets the size bound; the smallest miss relative to the bound wins
                Arguments.of(new Goals(null, null, null, 100L, null), "m/int8-bad", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void selects(Goals goals, String expected, boolean met) {
        GoalEvaluator evaluator = new GoalEvaluator(goals);
        List<VariantReport> evaluated = VARIANTS.stream().map(evaluator::evaluate).toList();

        Selection s = new VariantSelector(evaluator).select(evaluated);

        assertThat(s.selected().name()).isEqualTo(expected);
        assertThat(s.goalsMet()).isEqualTo(met);
    }

    @Test
    void tiesGoToTheSmallerFileThenTheName() {
        GoalEvaluator evaluator = new GoalEvaluator(null);
        List<VariantReport> tied = Stream.of(v("b", 500, 1, 1, 0), v("a", 500, 1, 1, 0), v("c", 400, 1, 1, 0))
                .map(evaluator::evaluate).toList();

        assertThat(new VariantSelector(evaluator).select(tied).selected().name()).isEqualTo("m/c");
        assertThat(new VariantSelector(evaluator).select(tied.subList(0, 2)).selected().name()).isEqualTo("m/a");
    }

    @Test
    void reasonNamesTheObjectiveAndTheRunnerUp() {
        GoalEvaluator evaluator = new GoalEvaluator(new Goals(0.01, null, 99, null, null));
        Selection s = new VariantSelector(evaluator).select(VARIANTS.stream().map(evaluator::evaluate).toList());

        assertThat(s.reason()).contains("lowest p99 latency (1.300 ms)").contains("3 of 4").contains("next best m/graph");
    }

    @Test
    void failedVariantsAreNeverSelected() {
        GoalEvaluator evaluator = new GoalEvaluator(null);
        List<VariantReport> variants = List.of(VariantReport.failed("m/x", "m", List.of("x"), List.of(), null, "boom"),
                evaluator.evaluate(v("original", 1000, 2, 2, 0)));

        assertThat(new VariantSelector(evaluator).select(variants).selected().name()).isEqualTo("m/original");
        assertThat(new VariantSelector(evaluator).select(variants.subList(0, 1)).selected()).isNull();
    }

    @Test
    void missesAreQuantified() {
        GoalEvaluator evaluator = new GoalEvaluator(new Goals(0.01, 1.0, 99, 500L, null));

        VariantReport evaluated = evaluator.evaluate(v("original", 1000, 1.0, 1.5, 0.02));

        assertThat(evaluated.meetsGoals()).isFalse();
        assertThat(evaluated.missed()).containsExactly(
                "accuracy drop 2.00 points > 1.00 points allowed, by 1.00 points",
                "latency p99 1.50 ms > 1.00 ms allowed, by 0.50 ms",
                "size 1000 bytes > 500 bytes allowed, by 500 bytes");
    }
}
