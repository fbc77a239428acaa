package dev.kiln.runtime.optimize.fallback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * Repairs a quantized variant that misses the accuracy goal by keeping its most sensitive nodes in float32,
 * within a budget of trials (each trial builds the pipeline once and scores it on the validation set).
 *
 * <p>First, sensitivity: for each node (or, when there are more nodes than half the budget, each of that many
 * runs of consecutive nodes, and never fewer than two) one trial quantizes everything but that group; the lower the output error, the more
 * that group hurts when quantized. Then, greedy repair: keep the most sensitive groups in float, one more
 * group per trial, until the accuracy goal is met or the budget is spent. Any trial that meets the goal ends
 * the search; the result is the best trial seen, never nothing while one trial could be built.
 */
public final class AccuracyFallback {

    /** Builds the pipeline with the given nodes kept in float and scores it. */
    @FunctionalInterface
    public interface Trial {
        TrialResult run(Set<String> keepInFloat) throws Exception;
    }

    private final int budget;
    private final DoublePredicate accuracyMet;

    /**
     * @param budget      most trials to spend
     * @param accuracyMet whether an accuracy drop meets the goal
     */
    public AccuracyFallback(int budget, DoublePredicate accuracyMet) {
        this.budget = budget;
        this.accuracyMet = accuracyMet;
    }

    /**
     * @param nodes     the quantizable nodes in graph order
     * @param quantized the fully quantized trial that missed the goal
     */
    public FallbackResult repair(List<String> nodes, TrialResult quantized, Trial trial) {
        Search search = new Search(quantized, trial);
        if (nodes.isEmpty() || budget <= 0) {
            return search.result(List.of());
        }
        List<List<String>> groups = groups(nodes, Math.max(2, budget / 2));
        List<Sensitivity> ranking = new ArrayList<>();
        for (List<String> group : groups) {
            if (search.exhausted()) {
                break;
            }
            TrialResult result = search.run(new LinkedHashSet<>(group));
            if (result != null) {
                ranking.add(new Sensitivity(group, result.meanAbsDiff(), result.accuracyDrop()));
            }
            if (search.met()) {
                return search.result(sorted(ranking));
            }
        }
        ranking = sorted(ranking);
        Set<String> keep = new LinkedHashSet<>();
        for (int i = 0; i < ranking.size() && !search.exhausted(); i++) {
            keep.addAll(ranking.get(i).nodes());
            if (i == 0) {
                continue; // the single most sensitive group was already tried alone
            }
            search.run(new LinkedHashSet<>(keep));
            if (search.met()) {
                break;
            }
        }
        return search.result(ranking);
    }

    private static List<Sensitivity> sorted(List<Sensitivity> ranking) {
        return ranking.stream().sorted(Comparator.comparingDouble(Sensitivity::accuracyDrop)
                .thenComparingDouble(Sensitivity::meanAbsDiff)).toList();
    }

    /** Splits nodes into at most {@code count} runs of consecutive nodes of near-equal length. */
    static List<List<String>> groups(List<String> nodes, int count) {
        int n = Math.min(count, nodes.size());
        List<List<String>> groups = new ArrayList<>(n);
        for (int g = 0; g < n; g++) {
            int from = (int) ((long) g * nodes.size() / n);
            int to = (int) ((long) (g + 1) * nodes.size() / n);
            groups.add(List.copyOf(nodes.subList(from, to)));
        }
        return groups;
    }

    /** The trials spent so far and the best one. */
    private final class Search {
        private final Trial trial;
        private TrialResult best;
        private int trials;

        Search(TrialResult quantized, Trial trial) {
            this.trial = trial;
            this.best = quantized;
        }

        boolean exhausted() {
            return trials >= budget;
        }

        boolean met() {
            return best != null && accuracyMet.test(best.accuracyDrop());
        }

        TrialResult run(Set<String> keep) {
            trials++;
            TrialResult result;
            try {
                result = trial.run(keep);
            } catch (Exception e) {
                return null;
            }
            if (better(result)) {
                best = result;
            }
            return result;
        }

        private boolean better(TrialResult candidate) {
            if (best == null) {
                return true;
            }
            boolean candidateMet = accuracyMet.test(candidate.accuracyDrop());
            boolean bestMet = accuracyMet.test(best.accuracyDrop());
            if (candidateMet != bestMet) {
                return candidateMet;
            }
            if (candidateMet) {
                return candidate.keepInFloat().size() < best.keepInFloat().size();
            }
            return candidate.accuracyDrop() < best.accuracyDrop()
                    || (candidate.accuracyDrop() == best.accuracyDrop() && candidate.meanAbsDiff() < best.meanAbsDiff());
        }

        FallbackResult result(List<Sensitivity> ranking) {
            return new FallbackResult(best, met(), trials, ranking);
        }
    }
}
