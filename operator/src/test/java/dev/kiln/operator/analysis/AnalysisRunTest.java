package dev.kiln.operator.analysis;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysisRunTest {

    static AnalysisSpec spec(int failureLimit, int consecutiveSuccesses) {
        AnalysisSpec spec = new AnalysisSpec();
        spec.failureLimit = failureLimit;
        spec.consecutiveSuccesses = consecutiveSuccesses;
        for (String name : List.of("latency", "errors")) {
            MetricSpec metric = new MetricSpec();
            metric.name = name;
            metric.type = MetricSpec.Type.latency;
            metric.max = 100.0;
            spec.metrics.add(metric);
        }
        return spec;
    }

    /** One letter per measurement round for each metric: S successful, F failed, I inconclusive. */
    static AnalysisRun run(String latencyVerdicts, String errorVerdicts) {
        AnalysisRun run = AnalysisRun.NEW;
        for (int i = 0; i < latencyVerdicts.length(); i++) {
            List<MetricResult> round = new ArrayList<>();
            round.add(result("latency", latencyVerdicts.charAt(i)));
            round.add(result("errors", errorVerdicts.charAt(i)));
            run = run.record(round);
        }
        return run;
    }

    static MetricResult result(String metric, char verdict) {
        Verdict v = switch (verdict) {
            case 'S' -> Verdict.Successful;
            case 'F' -> Verdict.Failed;
            default -> Verdict.Inconclusive;
        };
        return new MetricResult(metric, v, 1.0, 1.0, "<= 100", 50, "");
    }

    @ParameterizedTest(name = "latency {0} errors {1} limit={2} streak={3} required={4} -> {5}")
    @CsvSource({
            // latency, errors, failureLimit, consecutiveSuccesses, required measurements, outcome
            "S,      S,      1, 1, 1, Passed",
            "S,      F,      1, 1, 1, Failed",
            "SF,     SS,     2, 1, 1, Running",
            "SFF,    SSS,    2, 1, 1, Failed",
            "FSF,    SSS,    2, 1, 1, Failed",
            "SSS,    SSS,    1, 3, 3, Passed",
            "SS,     SS,     1, 3, 3, Running",
            "SFSSS,  SSSSS,  2, 3, 3, Passed",
            "SSSFS,  SSSSS,  2, 3, 3, Running",
            "I,      S,      1, 1, 1, Running",
            "II,     SS,     1, 1, 1, Running",
            "SIS,    SSS,    1, 2, 2, Passed",
            "SSSS,   SSSS,   1, 1, 4, Passed",
            "SSS,    SSS,    1, 1, 4, Running",
            "SSSI,   SSSS,   1, 1, 4, Running",
    })
    void outcome(String latency, String errors, int failureLimit, int consecutive, int required,
                 AnalysisRun.Outcome outcome) {
        assertThat(run(latency, errors).outcome(spec(failureLimit, consecutive), required)).isEqualTo(outcome);
    }

    @ParameterizedTest
    @CsvSource({
            // latency verdicts, successes, streak, failures, inconclusive, measurements, conclusive rounds
            "SFISF, 2, 0, 2, 1, 5, 4",
            "IIII,  0, 0, 0, 4, 4, 0",
            "SSFSS, 4, 2, 1, 0, 5, 5",
    })
    void countsPerMetric(String latency, int successes, int streak, int failures, int inconclusive,
                         int measurements, int conclusive) {
        AnalysisRun run = run(latency, "S".repeat(latency.length()));
        MetricTally tally = run.tally("latency");
        assertThat(tally.successes()).isEqualTo(successes);
        assertThat(tally.consecutiveSuccesses()).isEqualTo(streak);
        assertThat(tally.failures()).isEqualTo(failures);
        assertThat(tally.inconclusive()).isEqualTo(inconclusive);
        assertThat(run.tally("errors").successes()).isEqualTo(latency.length());
        assertThat(run.measurements()).isEqualTo(measurements);
        assertThat(run.conclusiveMeasurements()).isEqualTo(conclusive);
    }
}
