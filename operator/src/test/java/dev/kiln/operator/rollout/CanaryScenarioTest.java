package dev.kiln.operator.rollout;

import dev.kiln.operator.analysis.Evidence;
import dev.kiln.operator.analysis.Measurement;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.analysis.MetricsPage;
import dev.kiln.operator.analysis.PodScrape;
import dev.kiln.operator.analysis.ScrapeBaselines;
import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.api.RolloutSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure parts together, as the reconciler will run them: simulated pods serve traffic split by the
 * planner's weight, their metrics pages are scraped and parsed each interval, measured, and fed back to the
 * planner. The scenarios of the issue without a cluster.
 */
class CanaryScenarioTest {

    static final Duration TICK = Duration.ofSeconds(5);

    /** One runtime pod: cumulative counters as its metrics page shows them. */
    static final class Pod {
        final String name;
        final String track;
        final String revision;
        /** Index into MetricsPage.BOUNDS of the bucket all its requests fall in. */
        final int latencyBucket;
        final double errorFraction;
        double ok;
        double errors;
        final double[] cumulative = new double[MetricsPage.BOUNDS.length + 1];

        Pod(String name, String track, String revision, int latencyBucket, double errorFraction) {
            this.name = name;
            this.track = track;
            this.revision = revision;
            this.latencyBucket = latencyBucket;
            this.errorFraction = errorFraction;
        }

        void serve(double requests) {
            errors += requests * errorFraction;
            ok += requests * (1 - errorFraction);
            for (int i = latencyBucket; i < cumulative.length; i++) {
                cumulative[i] += requests;
            }
        }

        PodScrape scrape(Instant now) {
            String page = MetricsPage.of(track, revision).requests("success", ok).requests("server_error", errors)
                    .latency(cumulative).text();
            return PodScrape.parse(name, now, page);
        }
    }

    /** Three stable pods and one canary pod behind a traffic split, with a scraper that keeps a baseline. */
    static final class Cluster {
        final RolloutSpec spec;
        final List<Pod> stable = new ArrayList<>();
        final Pod canary;
        double requestsPerSecond = 100;
        RolloutState state = RolloutState.NONE;
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        final ScrapeBaselines baselines = new ScrapeBaselines();
        final List<RolloutAction> actions = new ArrayList<>();

        Cluster(RolloutSpec spec, int canaryLatencyBucket, double canaryErrors) {
            this.spec = spec;
            for (int i = 0; i < 3; i++) {
                stable.add(new Pod("stable-" + i, "stable", "r1", 2, 0.001));
            }
            canary = new Pod("canary-0", "canary", "r2", canaryLatencyBucket, canaryErrors);
        }

        /** Runs reconciles every tick until the rollout ends or the time is up; returns the final phase. */
        RolloutPhase run(Duration limit) {
            Instant end = now.plus(limit);
            while (now.isBefore(end)) {
                serveTraffic();
                RolloutObservation observation = new RolloutObservation("r1", "r2", true, true, null, measure(),
                        ManualControl.NONE);
                RolloutDecision decision = RolloutPlanner.plan(spec, RolloutDriver.throughStatusJson(state),
                        observation, now);
                state = decision.next();
                actions.addAll(decision.actions());
                if (!state.active()) {
                    return state.phase();
                }
                now = now.plus(TICK);
            }
            return state.phase();
        }

        private void serveTraffic() {
            double requests = requestsPerSecond * TICK.toSeconds();
            double toCanary = requests * state.canaryWeight() / 100.0;
            canary.serve(toCanary);
            stable.forEach(p -> p.serve((requests - toCanary) / stable.size()));
        }

        private Optional<List<MetricResult>> measure() {
            Optional<Instant> due = RolloutPlanner.nextMeasurementAt(spec, state);
            if (due.isEmpty() || now.isBefore(due.get())) {
                return Optional.empty();
            }
            List<PodScrape> round = new ArrayList<>();
            stable.forEach(p -> round.add(p.scrape(now)));
            round.add(canary.scrape(now));
            return baselines.advance("ns/md", round, now, RolloutPlanner.interval(spec.analysis))
                    .map(previous -> Measurement.fromScrapes(spec.analysis, previous, round, "r2", "r1",
                            m -> Evidence.QueryValue.failed("no prometheus in this test")));
        }
    }

    static RolloutSpec spec() {
        RolloutSpec spec = RolloutDriver.spec("w10,a,w50,a,w100");
        spec.analysis = new AnalysisSpec();
        spec.analysis.interval = "30s";
        spec.analysis.failureLimit = 2;
        spec.analysis.consecutiveSuccesses = 2;
        spec.analysis.minSamples = 50;
        MetricSpec latency = new MetricSpec();
        latency.name = "p99-latency";
        latency.type = MetricSpec.Type.latency;
        latency.quantile = 0.99;
        latency.maxRatioToStable = 1.5;
        MetricSpec errors = new MetricSpec();
        errors.name = "server-errors";
        errors.type = MetricSpec.Type.errorRate;
        errors.max = 0.01;
        spec.analysis.metrics.addAll(List.of(latency, errors));
        spec.progressDeadlineSeconds = 300;
        return spec;
    }

    @Test
    void goodCanaryWalks10And50And100AndIsPromoted() {
        Cluster cluster = new Cluster(spec(), 2, 0.001);

        assertThat(cluster.run(Duration.ofMinutes(30))).isEqualTo(RolloutPhase.Promoted);

        assertThat(cluster.actions).filteredOn(a -> !(a instanceof RolloutAction.ScaleDown)).containsExactly(
                new RolloutAction.SetCanaryWeight(10), new RolloutAction.SetCanaryWeight(50),
                new RolloutAction.SetCanaryWeight(100), new RolloutAction.Promote("r2", "r1"));
        assertThat(cluster.state.lastAnalysis()).extracting(MetricResult::metric)
                .containsExactly("p99-latency", "server-errors");
    }

    @Test
    void slowCanaryIsRolledBackInTheFirstAnalysisWithTheNumbers() {
        Cluster cluster = new Cluster(spec(), 5, 0.001); // canary requests take 100-250 ms, stable 10-25 ms

        assertThat(cluster.run(Duration.ofMinutes(30))).isEqualTo(RolloutPhase.RolledBack);

        assertThat(cluster.state.reason()).isEqualTo(RolloutPlanner.REASON_ANALYSIS_FAILED);
        assertThat(cluster.state.stepIndex()).as("rolled back at the analysis after 10%").isEqualTo(1);
        assertThat(cluster.state.message()).startsWith("metric p99-latency failed 2 time(s), failureLimit 2, at "
                + "step 2/5 (analysis): latency p99 of canary 248.5 ms is 10x stable's 24.85 ms, above "
                + "maxRatioToStable 1.5 (");
        assertThat(cluster.actions).containsSubsequence(new RolloutAction.SetCanaryWeight(10),
                new RolloutAction.SetCanaryWeight(0));
        assertThat(cluster.actions).filteredOn(a -> a instanceof RolloutAction.ReportFailedMeasurement).hasSize(2);
        assertThat(cluster.actions).noneMatch(a -> a instanceof RolloutAction.Promote);
    }

    @Test
    void erroringCanaryIsRolledBack() {
        Cluster cluster = new Cluster(spec(), 2, 0.05);

        assertThat(cluster.run(Duration.ofMinutes(30))).isEqualTo(RolloutPhase.RolledBack);

        assertThat(cluster.state.message()).contains("metric server-errors failed 2 time(s)")
                .contains("error rate of canary 0.05 exceeds max 0.01");
    }

    @Test
    void canaryWithoutTrafficStaysInconclusiveThenFailsAtTheDeadline() {
        Cluster cluster = new Cluster(spec(), 2, 0.001);
        cluster.requestsPerSecond = 0;
        Instant start = cluster.now;

        assertThat(cluster.run(Duration.ofMinutes(30))).isEqualTo(RolloutPhase.RolledBack);

        assertThat(cluster.state.reason()).isEqualTo(RolloutPlanner.REASON_DEADLINE);
        assertThat(cluster.state.message()).contains("analysis: 0 of 2 conclusive measurements")
                .contains("canary served 0 requests, fewer than minSamples 50");
        assertThat(Duration.between(start, cluster.now)).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(320));
        assertThat(cluster.actions).noneMatch(a -> a instanceof RolloutAction.ReportFailedMeasurement);
    }
}
