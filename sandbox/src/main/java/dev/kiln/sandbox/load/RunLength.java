package dev.kiln.sandbox.load;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
public final class RunLength {

    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");

    private RunLength() {
    }

    public static Duration parse(String option, String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + text + "': give a whole number with a unit, such as 30s, "
                    + "2m, 1h or 500ms");
        }
        long amount = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException(option + " '" + text + "': must be more than 0");
        }
        return d;
    }
}
