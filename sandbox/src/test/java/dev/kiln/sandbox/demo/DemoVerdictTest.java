package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoVerdictTest {

    private static QuickstartRevision revision(int number, Expectation expectation) {
        return new QuickstartRevision(number, Path.of("r" + number + ".yaml"), "title " + number,
                JsonNodeFactory.instance.objectNode(), expectation);
    }

    private static final QuickstartRevision FIRST = revision(1, Expectation.SERVED);
    private static final QuickstartRevision REGRESSION = revision(2, Expectation.ROLLED_BACK);
    private static final QuickstartRevision GOOD = revision(3, Expectation.PROMOTED);

    @Test
    void theWholeStoryWithoutAFailedRequestPasses() {
        List<RevisionOutcome> outcomes = List.of(new RevisionOutcome(FIRST, "a", Expectation.SERVED, null),
                new RevisionOutcome(REGRESSION, "b", Expectation.ROLLED_BACK, "metric p99-latency failed"),
                new RevisionOutcome(GOOD, "c", Expectation.PROMOTED, null));

        assertThat(DemoVerdict.problems(outcomes, 3, 1200, 0)).isEmpty();
    }

    @Test
    void aPromotedRegressionFailsNamingTheRevisionAndBothOutcomes() {
        List<RevisionOutcome> outcomes = List.of(new RevisionOutcome(FIRST, "a", Expectation.SERVED, null),
                new RevisionOutcome(REGRESSION, "b", Expectation.PROMOTED, null));

        assertThat(DemoVerdict.problems(outcomes, 3, 500, 0)).containsExactly(
                "revision 2 (title 2) was expected to be rolled back automatically but was promoted after its canary steps");
    }

    @Test
    void aRevisionThatNeverEndedFailsWithTheReason() {
        List<RevisionOutcome> outcomes = List.of(new RevisionOutcome(FIRST, "a", null, "nothing conclusive within 360 s"));

        assertThat(DemoVerdict.problems(outcomes, 3, 0, 0)).containsExactly(
                "revision 1 (title 1) was expected to be optimized and served but was not: nothing conclusive within 360 s",
                "the load generator sent no request through the gateway");
    }

    @Test
    void failedRequestsFailTheDemoEvenWhenEveryRevisionEndedAsExpected() {
        List<RevisionOutcome> outcomes = List.of(new RevisionOutcome(FIRST, "a", Expectation.SERVED, null),
                new RevisionOutcome(REGRESSION, "b", Expectation.ROLLED_BACK, null),
                new RevisionOutcome(GOOD, "c", Expectation.PROMOTED, null));

        assertThat(DemoVerdict.problems(outcomes, 3, 900, 2)).singleElement().asString()
                .startsWith("2 request(s) through the gateway failed");
    }

    @Test
    void stoppingEarlyWithoutAWrongOutcomeStillFails() {
        assertThat(DemoVerdict.problems(List.of(new RevisionOutcome(FIRST, "a", Expectation.SERVED, null)), 3, 10, 0))
                .containsExactly("only 1 of 3 revisions were applied");
    }
}
