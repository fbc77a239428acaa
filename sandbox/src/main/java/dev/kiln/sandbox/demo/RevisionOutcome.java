package dev.kiln.sandbox.demo;

/**
 * What became of one applied revision, as the demo saw it in status.
 *
 * @param revision the operator's revision hash, or null when it never showed in status
 * @param reached  the expectation that came true, or null when none did in time
 * @param detail   the rollout's message, or why the demo gave up waiting
 */
public record RevisionOutcome(QuickstartRevision applied, String revision, Expectation reached, String detail) {

    public boolean asExpected() {
        return applied.expectation() == reached;
    }
}
