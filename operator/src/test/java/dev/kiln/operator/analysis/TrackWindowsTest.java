package dev.kiln.operator.analysis;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrackWindowsTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T1 = T0.plusSeconds(30);
    static final TrackSelector CANARY = TrackSelector.canary("r2");

    static PodScrape pod(String name, Instant at, MetricsPage page) {
        return PodScrape.parse(name, at, page.text());
    }

    static MetricsPage canary(double ok, double errors) {
        return MetricsPage.of("canary", "r2").requests("success", ok).requests("server_error", errors);
    }

    @Test
    void sumsIncreasesOverPodsAndComputesRates() {
        List<PodScrape> before = List.of(pod("a", T0, canary(100, 1)), pod("b", T0, canary(50, 0)));
        List<PodScrape> after = List.of(pod("a", T1, canary(400, 4)), pod("b", T1, canary(350, 6)));

        TrackWindow window = TrackWindows.between(before, after, CANARY);

        assertThat(window.requests()).isEqualTo((300 + 3) + (300 + 6));
        assertThat(window.serverErrors()).isEqualTo(9);
        assertThat(window.seconds()).isEqualTo(30);
        assertThat(window.requestRate()).isCloseTo(609 / 30.0, within(1e-9));
        assertThat(window.errorRate()).isCloseTo(9 / 609.0, within(1e-9));
    }

    @Test
    void counterResetCountsTheNewValueAsTheIncrease() {
        // Pod a restarted between the scrapes: its counters start again from zero.
        List<PodScrape> before = List.of(pod("a", T0, canary(1000, 10)), pod("b", T0, canary(100, 0)));
        List<PodScrape> after = List.of(pod("a", T1, canary(40, 12)), pod("b", T1, canary(160, 0)));

        TrackWindow window = TrackWindows.between(before, after, CANARY);

        // a: reset, so 40 + 12 (the error counter went up but belongs to the reset family); b: 60
        assertThat(window.requests()).isEqualTo(40 + 12 + 60);
        assertThat(window.serverErrors()).isEqualTo(12);
    }

    @Test
    void seriesCreatedSinceThePreviousScrapeCountsFromZero() {
        List<PodScrape> before = List.of(pod("a", T0, MetricsPage.of("canary", "r2").requests("success", 10)));
        List<PodScrape> after = List.of(pod("a", T1, canary(30, 5)));

        TrackWindow window = TrackWindows.between(before, after, CANARY);

        assertThat(window.requests()).isEqualTo(25);
        assertThat(window.serverErrors()).isEqualTo(5);
    }

    @Test
    void podsWithoutABaselineOrGoneAddNothing() {
        List<PodScrape> before = List.of(pod("a", T0, canary(10, 0)), pod("gone", T0, canary(10, 0)));
        List<PodScrape> after = List.of(pod("a", T1, canary(20, 0)), pod("new", T1, canary(500, 50)));

        assertThat(TrackWindows.between(before, after, CANARY).requests()).isEqualTo(10);
    }

    @Test
    void selectsByTrackAndRevision() {
        List<PodScrape> before = List.of(
                pod("c", T0, canary(0, 0)),
                pod("s", T0, MetricsPage.of("stable", "r1").requests("success", 0)),
                pod("old", T0, MetricsPage.of("canary", "r0").requests("success", 0)));
        List<PodScrape> after = List.of(
                pod("c", T1, canary(5, 0)),
                pod("s", T1, MetricsPage.of("stable", "r1").requests("success", 70)),
                pod("old", T1, MetricsPage.of("canary", "r0").requests("success", 900)));

        assertThat(TrackWindows.between(before, after, CANARY).requests()).isEqualTo(5);
        assertThat(TrackWindows.between(before, after, TrackSelector.stable("r1")).requests()).isEqualTo(70);
        assertThat(TrackWindows.between(before, after, new TrackSelector("canary", null)).requests()).isEqualTo(905);
    }

    @Test
    void aPromotedCanaryCountsAsStableByItsRevision() {
        // r1 was promoted from canary: its pods still label themselves track="canary".
        List<PodScrape> before = List.of(pod("was-canary", T0, MetricsPage.of("canary", "r1").requests("success", 0)));
        List<PodScrape> after = List.of(pod("was-canary", T1, MetricsPage.of("canary", "r1").requests("success", 80)));

        assertThat(TrackWindows.between(before, after, TrackSelector.stable("r1")).requests()).isEqualTo(80);
        assertThat(TrackWindows.between(before, after, TrackSelector.canary("r2")).requests()).isZero();
    }

    @Test
    void latencyQuantileComesFromTheBucketIncreases() {
        // Before: 100 fast requests (<= 5 ms). Since: 100 requests between 100 and 250 ms.
        double[] then = MetricsPage.allAtOrBelow(0, 0, 100);
        double[] now = then.clone();
        for (int i = 5; i < now.length; i++) {
            now[i] += 100;
        }
        List<PodScrape> before = List.of(pod("a", T0, MetricsPage.of("canary", "r2").latency(then)));
        List<PodScrape> after = List.of(pod("a", T1, MetricsPage.of("canary", "r2").latency(now)));

        TrackWindow window = TrackWindows.between(before, after, CANARY);

        assertThat(window.latencySamples()).isEqualTo(100);
        // all 100 in (0.1, 0.25]: p50 interpolates to 175 ms, p99 to 248.5 ms
        assertThat(window.latencyMillis(0.5)).isCloseTo(175, within(1e-6));
        assertThat(window.latencyMillis(0.99)).isCloseTo(248.5, within(1e-6));
    }

    @Test
    void histogramResetOfOnePodTakesItsNewBuckets() {
        List<PodScrape> before = List.of(
                pod("a", T0, MetricsPage.of("canary", "r2").latency(MetricsPage.allAtOrBelow(0, 0, 1000))),
                pod("b", T0, MetricsPage.of("canary", "r2").latency(MetricsPage.allAtOrBelow(0, 0, 10))));
        List<PodScrape> after = List.of(
                pod("a", T1, MetricsPage.of("canary", "r2").latency(MetricsPage.allAtOrBelow(4, 4, 20))),
                pod("b", T1, MetricsPage.of("canary", "r2").latency(MetricsPage.allAtOrBelow(0, 0, 30))));

        TrackWindow window = TrackWindows.between(before, after, CANARY);

        assertThat(window.latencySamples()).isEqualTo(20 + 20);
        // 20 fast (<= 5 ms) from b, 20 in (50, 100] ms from a: the median sits at the top of the first bucket
        assertThat(window.latencyMillis(0.5)).isCloseTo(5, within(1e-6));
    }

    @Test
    void shadowComparisonsByResult() {
        List<PodScrape> before = List.of(pod("s", T0, MetricsPage.of("stable", "r1")
                .shadow("agree", 10).shadow("disagree", 1)));
        List<PodScrape> after = List.of(pod("s", T1, MetricsPage.of("stable", "r1")
                .shadow("agree", 100).shadow("disagree", 4).shadow("error", 6)));

        TrackWindow window = TrackWindows.between(before, after, TrackSelector.stable("r1"));

        assertThat(window.shadowAgree()).isEqualTo(90);
        assertThat(window.shadowDisagree()).isEqualTo(3);
        assertThat(window.shadowErrors()).isEqualTo(6);
        assertThat(window.agreement()).isCloseTo(90 / 93.0, within(1e-9));
    }

    @Test
    void emptyWindowHasNoRatesToJudge() {
        TrackWindow window = TrackWindows.between(List.of(), List.of(pod("a", T1, canary(5, 0))), CANARY);
        assertThat(window.requests()).isZero();
        assertThat(window.requestRate()).isZero();
        assertThat(window.errorRate()).isNaN();
        assertThat(window.latencyMillis(0.99)).isNaN();
    }
}
