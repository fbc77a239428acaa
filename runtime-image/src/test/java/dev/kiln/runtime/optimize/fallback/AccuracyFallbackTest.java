package dev.kiln.runtime.optimize.fallback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class AccuracyFallbackTest {

    /** A model whose accuracy drop is the sum of the damage of the nodes left quantized. */
    private static AccuracyFallback.Trial damage(Map<String, Double> byNode, int[] calls) {
        return keep -> {
            calls[0]++;
            double drop = byNode.entrySet().stream().filter(e -> !keep.contains(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).sum();
            return new TrialResult(keep, Path.of("trial.onnx"), drop, drop / 10);
        };
    }

    private static TrialResult quantized(Map<String, Double> byNode) {
        double drop = byNode.values().stream().mapToDouble(Double::doubleValue).sum();
        return new TrialResult(Set.of(), null, drop, drop / 10);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // damage concentrated on one node: found in the sensitivity sweep, alone
                Arguments.of(Map.of("a", 0.001, "b", 0.05, "c", 0.001), 10, Set.of("b"), true),
                // two nodes each too damaging: the greedy step keeps both
                Arguments.of(Map.of("a", 0.03, "b", 0.001, "c", 0.03, "d", 0.001), 10, Set.of("a", "c"), true),
                // a small budget tries halves of the graph
                Arguments.of(Map.of("a", 0.001, "b", 0.002, "c", 0.003, "d", 0.05), 2, Set.of("c", "d"), true),
                // budget spent before the goal is met: the best so far, goal not met
                Arguments.of(Map.of("a", 0.02, "b", 0.02, "c", 0.02, "d", 0.02), 2, Set.of("a", "b"), false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void keepsTheMostSensitiveNodesInFloat(Map<String, Double> byNode, int budget, Set<String> kept, boolean met) {
        int[] calls = {0};
        List<String> nodes = byNode.keySet().stream().sorted().toList();

        FallbackResult result = new AccuracyFallback(budget, drop -> drop <= 0.01)
                .repair(nodes, quantized(byNode), damage(byNode, calls));

        assertThat(result.best().keepInFloat()).isEqualTo(kept);
        assertThat(result.met()).isEqualTo(met);
        assertThat(calls[0]).isEqualTo(result.trials()).isLessThanOrEqualTo(budget);
    }

    /** 40 nodes, each costing 0.0001 when quantized, except the given ones. */
    private static Map<String, Double> fortyNodes(Map<String, Double> sensitive) {
        Map<String, Double> byNode = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            byNode.put(String.format("n%02d", i), 0.0001);
        }
        byNode.putAll(sensitive);
        return byNode;
    }

    @Test
    void bisectsTheGroupThatMeetsTheGoalDownToTheDamagingNode() {
        Map<String, Double> byNode = fortyNodes(Map.of("n17", 0.05));
        int[] calls = {0};

        FallbackResult result = new AccuracyFallback(16, drop -> drop <= 0.01)
                .repair(byNode.keySet().stream().sorted().toList(), quantized(byNode), damage(byNode, calls));

        assertThat(result.met()).isTrue();
        assertThat(result.best().keepInFloat()).as("one node of the group of five").containsExactly("n17");
        assertThat(calls[0]).isLessThanOrEqualTo(16);
    }

    @Test
    void narrowsEachHelpfulGroupWhenNoGroupAloneMeetsTheGoal() {
        Map<String, Double> byNode = fortyNodes(Map.of("n17", 0.05, "n31", 0.03));
        int[] calls = {0};

        FallbackResult result = new AccuracyFallback(24, drop -> drop <= 0.01)
                .repair(byNode.keySet().stream().sorted().toList(), quantized(byNode), damage(byNode, calls));

        assertThat(result.met()).isTrue();
        assertThat(result.best().keepInFloat()).containsExactlyInAnyOrder("n17", "n31");
        assertThat(calls[0]).isEqualTo(result.trials()).isLessThanOrEqualTo(24);
    }

    @Test
    void moreNodesThanTheBudgetAreGroupedInGraphOrder() {
        assertThat(AccuracyFallback.groups(List.of("a", "b", "c", "d", "e"), 2))
                .containsExactly(List.of("a", "b"), List.of("c", "d", "e"));
        assertThat(AccuracyFallback.groups(List.of("a", "b"), 8)).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void failingTrialsStillLeaveTheBestSoFar() {
        AccuracyFallback.Trial failing = keep -> {
            throw new IllegalStateException("cannot build");
        };
        TrialResult start = new TrialResult(Set.of(), null, 0.05, 0.1);

        FallbackResult result = new AccuracyFallback(4, drop -> drop <= 0.01).repair(List.of("a", "b"), start, failing);

        assertThat(result.best()).isSameAs(start);
        assertThat(result.met()).isFalse();
        assertThat(result.trials()).isEqualTo(2);
    }
}
