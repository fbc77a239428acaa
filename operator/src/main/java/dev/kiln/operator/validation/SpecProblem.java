package dev.kiln.operator.validation;

/** One thing wrong with a spec that the schema could not catch: the field's path and what to do about it. */
public record SpecProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
