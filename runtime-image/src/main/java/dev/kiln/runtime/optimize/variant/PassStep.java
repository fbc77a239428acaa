package dev.kiln.runtime.optimize.variant;

import dev.kiln.runtime.optimize.pass.PassOptions;

/**
 * One pass of a pipeline with its settings.
 *
 * @param pass    the pass name {@link dev.kiln.runtime.optimize.pass.Passes} knows
 * @param options its settings
 * @param label   how the step reads in variant names and reports, e.g. {@code int8-static-entropy}
 */
public record PassStep(String pass, PassOptions options, String label) {

    public boolean quantizes() {
        return pass.equals("int8-dynamic") || pass.equals("int8-static") || pass.equals("fp16");
    }
}
