package dev.kiln.sandbox.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the quickstart's story happened: every revision reached what it was expected to, and the load
 * through the gateway had no failed request. The demo's exit code is 0 only then, so CI can run it.
 */
public final class DemoVerdict {

    private DemoVerdict() {
    }

    /** @return what went wrong, one line each; empty when the story happened as expected */
    public static List<String> problems(List<RevisionOutcome> outcomes, int expectedRevisions, long sent, long failed) {
        List<String> problems = new ArrayList<>();
        for (RevisionOutcome outcome : outcomes) {
            if (!outcome.asExpected()) {
                problems.add("revision " + outcome.applied().number() + " (" + outcome.applied().title() + ") was expected to be "
                        + outcome.applied().expectation().words() + " but "
                        + (outcome.reached() == null ? "was not" : "was " + outcome.reached().words())
                        + (outcome.detail() == null ? "" : ": " + outcome.detail()));
            }
        }
        if (outcomes.size() < expectedRevisions && problems.isEmpty()) {
            problems.add("only " + outcomes.size() + " of " + expectedRevisions + " revisions were applied");
        }
        if (sent == 0) {
            problems.add("the load generator sent no request through the gateway");
        }
        if (failed > 0) {
            problems.add(failed + " request(s) through the gateway failed; stable must serve every request while "
                    + "canaries come and go");
        }
        return problems;
    }
}
