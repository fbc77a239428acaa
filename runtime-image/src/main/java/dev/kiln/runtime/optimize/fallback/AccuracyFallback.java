package dev.kiln.runtime.optimize.fallback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * Repairs a quantized variant that misses the accuracy goal by keeping its most sensitive nodes in float32,
 * within a budget of trials (each trial builds the pipeline once and scores it on the validation set).
 *
 * <p>First, sensitivity: for each node (or, when there are more nodes than half the budget, each of that many
 * runs of consecutive nodes, and never fewer than two) one trial quantizes everything but that group; the
 * lower the accuracy drop, the more that group hurts when quantized. Then repair, group by group from the
 * most sensitive: a group that helps is narrowed by bisection (keep one half in float; if that is as good
 * as the whole group, continue in that half, else try the other half; stop when neither half alone is as
 * good) and only the narrowed nodes are kept; a group that does not help is not kept. A narrowed set that
 * meets the goal ends the search. So damage concentrated on one node of a group of 18 costs about five more
 * trials and ends with that node alone in float, where adding whole groups kept all 18. The result is the
 * best trial seen (fewest float nodes among those meeting the goal), never nothing while one trial could be
 * built.
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
        Map<List<String>, TrialResult> sweep = new HashMap<>();
        for (List<String> group : groups) {
            if (search.exhausted()) {
                break;
            }
            TrialResult result = search.run(new LinkedHashSet<>(group));
            if (result != null) {
                ranking.add(new Sensitivity(group, result.meanAbsDiff(), result.accuracyDrop()));
                sweep.put(group, result);
            }
            if (result != null && meets(result)) {
                narrow(search, Set.of(), group, result, quantized);
                return search.result(sorted(ranking));
            }
        }
        ranking = sorted(ranking);
        Set<String> keep = new LinkedHashSet<>();
        TrialResult kept = quantized;
        for (Sensitivity sensitivity : ranking) {
            if (search.exhausted()) {
                break;
            }
            TrialResult withGroup = keep.isEmpty() ? sweep.get(sensitivity.nodes()) : search.run(union(keep, sensitivity.nodes()));
            if (withGroup == null || !helps(withGroup, kept)) {
                continue;
            }
            Narrowed narrowed = narrow(search, keep, sensitivity.nodes(), withGroup, kept);
            keep.addAll(narrowed.nodes());
            kept = narrowed.result();
            if (meets(kept)) {
                break;
            }
        }
        return search.result(ranking);
    }

    /** A subset of a group kept in float (besides the nodes already kept) and the trial that measured it. */
    private record Narrowed(List<String> nodes, TrialResult result) {
    }

    /**
     * Bisects {@code group} while one half, kept in float with {@code base}, is as good as the whole group:
     * it meets the goal, or neither meets it and the half recovers most of what the group recovered over
     * {@code baseline} (base alone).
     */
    private Narrowed narrow(Search search, Set<String> base, List<String> group, TrialResult groupResult,
                            TrialResult baseline) {
        List<String> current = group;
        TrialResult currentResult = groupResult;
        while (current.size() > 1 && !search.exhausted()) {
            int middle = current.size() / 2;
            List<String> chosen = null;
            TrialResult chosenResult = null;
            for (List<String> half : List.of(current.subList(0, middle), current.subList(middle, current.size()))) {
                if (search.exhausted()) {
                    break;
                }
                TrialResult result = search.run(union(base, half));
                if (result != null && asGood(result, currentResult, baseline)) {
                    chosen = List.copyOf(half);
                    chosenResult = result;
                    break;
                }
            }
            if (chosen == null) {
                break; // the damage is spread over both halves: keep the whole of current
            }
            current = chosen;
            currentResult = chosenResult;
        }
        return new Narrowed(current, currentResult);
    }

    private boolean meets(TrialResult result) {
        return accuracyMet.test(result.accuracyDrop());
    }

    private boolean asGood(TrialResult candidate, TrialResult reference, TrialResult baseline) {
        if (meets(reference) || meets(candidate)) {
            return meets(candidate);
        }
        double referenceGain = baseline.accuracyDrop() - reference.accuracyDrop();
        if (referenceGain > 0) {
            return baseline.accuracyDrop() - candidate.accuracyDrop() >= KEPT_GAIN * referenceGain;
        }
        // the same accuracy: compare the output error instead
        return baseline.meanAbsDiff() - candidate.meanAbsDiff() >= KEPT_GAIN * (baseline.meanAbsDiff() - reference.meanAbsDiff());
    }

    /**
     * Share of a group's recovery a half must keep to replace it: the other nodes of the group each recover a
     * little (measured accuracy moves in steps of one sample), and demanding all of it would stop every
     * bisection at the first level.
     */
    private static final double KEPT_GAIN = 0.9;

    /** Keeping more in float helped: a smaller drop, or the same drop with a smaller output error. */
    private static boolean helps(TrialResult withGroup, TrialResult without) {
        return withGroup.accuracyDrop() < without.accuracyDrop()
                || (withGroup.accuracyDrop() == without.accuracyDrop() && withGroup.meanAbsDiff() < without.meanAbsDiff());
    }

    private static Set<String> union(Set<String> base, List<String> more) {
        Set<String> union = new LinkedHashSet<>(base);
        union.addAll(more);
        return union;
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
