package dev.kiln.runtime.optimize.variant;

import dev.kiln.runtime.optimize.OptimizeException;
import dev.kiln.runtime.optimize.pass.PassOptions;
import dev.kiln.runtime.optimize.pass.Passes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the plan's {@code passes} into the pipelines every model goes through. An explicit list is one
 * pipeline. {@code auto} expands to one pipeline per entry of {@code autoPasses}, or to the default set for
 * the execution provider. A pipeline entry joins passes with {@code +}; {@code int8-static} may name its
 * calibration method ({@code int8-static:entropy}); a bare {@code int8-static} under {@code auto} becomes one
 * pipeline per method. The original model is always measured as well and is not a pipeline here.
 */
public final class VariantPlanner {

    public static final String AUTO = "auto";
    public static final List<String> CALIBRATION_METHODS = List.of("minmax", "percentile", "entropy");
    public static final List<String> CPU_AUTO = List.of("graph", "int8-dynamic", "int8-static", "prune+int8-static:minmax");
    public static final List<String> CPU_AUTO_WITHOUT_CALIBRATION = List.of("graph", "int8-dynamic", "prune+int8-dynamic");
    public static final List<String> GPU_AUTO = List.of("graph", "fp16");

    private VariantPlanner() {
    }

    /**
     * @param notes receives one line for each pipeline left out, and why
     * @throws OptimizeException (InvalidInput) naming the {@code passes} entry that is wrong
     */
    public static List<List<PassStep>> pipelines(List<String> passes, List<String> autoPasses, String executionProvider,
                                                 boolean hasCalibration, Consumer<String> notes) {
        List<String> requested = passes == null || passes.isEmpty() ? List.of(AUTO) : passes;
        if (!requested.contains(AUTO)) {
            List<PassStep> steps = new ArrayList<>();
            for (int i = 0; i < requested.size(); i++) {
                steps.add(step(requested.get(i), null, "passes[" + i + "]"));
            }
            requireCalibration(steps, hasCalibration, "passes");
            return List.of(steps);
        }
        if (requested.size() > 1) {
            throw OptimizeException.invalidInput("passes: 'auto' stands alone; got " + requested);
        }
        boolean gpu = !executionProvider.equalsIgnoreCase("cpu");
        List<String> entries = autoPasses != null && !autoPasses.isEmpty() ? autoPasses
                : gpu ? GPU_AUTO : hasCalibration ? CPU_AUTO : CPU_AUTO_WITHOUT_CALIBRATION;
        String field = autoPasses != null && !autoPasses.isEmpty() ? "autoPasses" : "auto";
        Set<List<PassStep>> pipelines = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            for (List<PassStep> pipeline : expand(entries.get(i), field + "[" + i + "]")) {
                if (!hasCalibration && pipeline.stream().anyMatch(s -> s.pass().equals("int8-static"))) {
                    notes.accept("skipping " + VariantSpec.pipelineName(pipeline) + ": int8-static needs calibration data");
                    continue;
                }
                pipelines.add(pipeline);
            }
        }
        return List.copyOf(pipelines);
    }

    private static List<List<PassStep>> expand(String entry, String field) {
        List<List<PassStep>> result = new ArrayList<>();
        result.add(List.of());
        for (String part : entry.split("\\+")) {
            String token = part.trim();
            List<String> methods = token.equals("int8-static") ? CALIBRATION_METHODS : java.util.Collections.singletonList(null);
            List<List<PassStep>> next = new ArrayList<>();
            for (List<PassStep> prefix : result) {
                for (String method : methods) {
                    List<PassStep> longer = new ArrayList<>(prefix);
                    longer.add(step(token, method, field));
                    next.add(List.copyOf(longer));
                }
            }
            result = next;
        }
        return result;
    }

    /** Parses {@code name} or {@code int8-static:method}; {@code method} overrides the default method when set. */
    static PassStep step(String token, String method, String field) {
        String text = token == null ? "" : token.trim().toLowerCase(Locale.ROOT);
        String name = text;
        String chosen = method;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            name = text.substring(0, colon);
            chosen = text.substring(colon + 1);
            if (!name.equals("int8-static")) {
                throw OptimizeException.invalidInput(field + ": only int8-static takes a setting (int8-static:entropy), got '"
                        + token + "'");
            }
        }
        if (name.equals(AUTO)) {
            throw OptimizeException.invalidInput(field + ": 'auto' cannot be part of a pipeline");
        }
        if (!Passes.NAMES.contains(name)) {
            throw OptimizeException.invalidInput(field + ": unknown pass '" + token + "'; known passes: "
                    + String.join(", ", Passes.NAMES) + " (or auto)");
        }
        PassOptions options = PassOptions.defaults();
        if (!name.equals("int8-static")) {
            return new PassStep(name, options, name);
        }
        String m = chosen == null ? options.calibrationMethod() : chosen;
        if (!CALIBRATION_METHODS.contains(m)) {
            throw OptimizeException.invalidInput(field + ": calibration method '" + m + "' is not one of "
                    + String.join(", ", CALIBRATION_METHODS));
        }
        return new PassStep(name, options.withCalibrationMethod(m), name + "-" + m);
    }

    private static void requireCalibration(List<PassStep> steps, boolean hasCalibration, String field) {
        if (!hasCalibration && steps.stream().anyMatch(s -> s.pass().equals("int8-static"))) {
            throw OptimizeException.invalidInput(field + ": int8-static needs calibration data; set calibration in the "
                    + "plan or --calibration");
        }
    }
}
