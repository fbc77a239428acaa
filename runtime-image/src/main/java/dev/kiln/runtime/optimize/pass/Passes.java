package dev.kiln.runtime.optimize.pass;

import java.util.List;

/** Looks passes up by the names plans use. */
public final class Passes {

    public static final List<String> NAMES = List.of("graph", "int8-dynamic", "int8-static", "fp16", "prune");

    private Passes() {
    }

    public static ModelPass create(String name) {
        switch (name == null ? "" : name) {
            case "graph":
                return new GraphOptimizationPass();
            case "int8-dynamic":
                return new DynamicQuantizationPass();
            case "int8-static":
                return new StaticQuantizationPass();
            case "fp16":
                return new Float16Pass();
            case "prune":
                return new PrunePass();
            default:
                throw new IllegalArgumentException("unknown pass '" + name + "'; known passes: "
                        + String.join(", ", NAMES));
        }
    }
}
