package dev.kiln.operator.rollout;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the Go-style durations the CRD accepts (30s, 5m, 1h30m, 500ms, 1.5s). */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** @param field the spec field, named in the error */
    public static Duration parse(String text, String field) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a duration; write e.g. 30s, 5m, 1h30m "
                    + "or 500ms");
        }
        Matcher part = PART.matcher(text);
        BigDecimal millis = BigDecimal.ZERO;
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1));
            long unitMillis = switch (part.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            millis = millis.add(amount.multiply(BigDecimal.valueOf(unitMillis)));
        }
        return Duration.ofMillis(millis.longValue());
    }
}
