package dev.kiln.operator.rollout;

import java.util.Map;

/** The kiln.dev/promote, abort and retry annotations, each set when its value is "true". */
public record ManualControl(boolean promote, boolean abort, boolean retry) {

    public static final String PROMOTE = "kiln.dev/promote";
    public static final String ABORT = "kiln.dev/abort";
    public static final String RETRY = "kiln.dev/retry";

    public static final ManualControl NONE = new ManualControl(false, false, false);

    public static ManualControl fromAnnotations(Map<String, String> annotations) {
        if (annotations == null) {
            return NONE;
        }
        return new ManualControl(isTrue(annotations.get(PROMOTE)), isTrue(annotations.get(ABORT)),
                isTrue(annotations.get(RETRY)));
    }

    private static boolean isTrue(String value) {
        return value != null && value.strip().equalsIgnoreCase("true");
    }
}
