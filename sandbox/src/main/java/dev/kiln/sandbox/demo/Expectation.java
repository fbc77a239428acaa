package dev.kiln.sandbox.demo;

/** What the quickstart expects of a revision once it is applied. */
public enum Expectation {
    /** The first revision: optimized, then serving all traffic (nothing to compare it with). */
    SERVED("optimized and served"),
    /** A regression: its canary fails the analysis and is rolled back without a human. */
    ROLLED_BACK("rolled back automatically"),
    /** A good revision: its canary walks every step and becomes the stable revision. */
    PROMOTED("promoted after its canary steps");

    private final String words;

    Expectation(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
