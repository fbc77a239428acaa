package dev.kiln.runtime.optimize.select;

import java.util.Locale;

/**
 * One goal a variant misses.
 *
 * @param goal   what was missed, as it reads in the report ({@code accuracy drop}, {@code latency p99}, {@code size})
 * @param actual the variant's value
 * @param limit  the goal's bound
 * @param unit   {@code points}, {@code ms} or {@code bytes}
 */
public record GoalMiss(String goal, double actual, double limit, String unit) {

    /** How far past the bound, as a fraction of the bound, to compare misses of different goals. */
    public double relativeExcess() {
        return limit <= 0 ? actual - limit : (actual - limit) / limit;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%s %s %s > %s %s allowed, by %s %s", goal, format(actual), unit,
                format(limit), unit, format(actual - limit), unit);
    }

    private String format(double value) {
        return unit.equals("bytes") ? String.valueOf(Math.round(value)) : String.format(Locale.ROOT, "%.2f", value);
    }
}
