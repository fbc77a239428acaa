package dev.kiln.operator.analysis;

import dev.kiln.operator.api.AnalysisSpec;
import dev.kiln.operator.api.MetricSpec;
import dev.kiln.operator.resources.KilnLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodMeasurementsTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    static Pod pod(String name, String revision, boolean ready, String ip) {
        return new PodBuilder()
                .withNewMetadata().withName(name).addToLabels(KilnLabels.REVISION, revision).endMetadata()
                .withNewStatus().withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    /** Canned pages by pod IP; requests grow by 100 per read; "down" cannot be read. */
    static final class CannedPods implements PodMetricsSource {
        final Map<String, Integer> reads = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public PodScrape scrape(String pod, String host, int port) {
            asked.add(pod + "@" + host + ":" + port);
            if (host.equals("10.0.0.9")) {
                throw new MetricsFetchException("pod " + pod + ": GET http://" + host + ":" + port
                        + "/q/metrics failed: connection refused");
            }
            int n = reads.merge(host, 1, Integer::sum);
            String revision = host.equals("10.0.0.1") ? "r2" : "r1";
            String track = revision.equals("r2") ? "canary" : "stable";
            return PodScrape.parse(pod, T0, MetricsPage.of(track, revision).requests("success", 100.0 * n).text());
        }
    }

    @Test
    void scrapesReadyPodsOfBothRevisionsAndMeasuresOnceTheBaselineIsAnIntervalOld() {
        AnalysisSpec analysis = new AnalysisSpec();
        analysis.minSamples = 50;
        MetricSpec errors = new MetricSpec();
        errors.name = "errors";
        errors.type = MetricSpec.Type.errorRate;
        errors.max = 0.01;
        analysis.metrics.add(errors);
        PodMeasurements.Target target = new PodMeasurements.Target("ns/md", analysis, Duration.ofSeconds(30), 8080,
                "r2", "r1");
        List<Pod> pods = List.of(
                pod("canary-0", "r2", true, "10.0.0.1"),
                pod("stable-0", "r1", true, "10.0.0.2"),
                pod("starting", "r2", false, "10.0.0.3"),
                pod("old", "r0", true, "10.0.0.4"),
                pod("down", "r1", true, "10.0.0.9"));
        CannedPods source = new CannedPods();
        PodMeasurements measurements = new PodMeasurements(source, new ScrapeBaselines());

        PodMeasurements.Round first = measurements.measure(target, pods, m -> null, T0);
        assertThat(first.measurement()).as("the first round is the baseline").isEmpty();
        assertThat(first.problems()).containsExactly(
                "pod down: GET http://10.0.0.9:8080/q/metrics failed: connection refused");
        assertThat(source.asked).containsExactly("canary-0@10.0.0.1:8080", "stable-0@10.0.0.2:8080",
                "down@10.0.0.9:8080");

        assertThat(measurements.measure(target, pods, m -> null, T0.plusSeconds(10)).measurement()).isEmpty();

        PodMeasurements.Round third = measurements.measure(target, pods, m -> null, T0.plusSeconds(30));
        assertThat(third.measurement()).isPresent();
        MetricResult result = third.measurement().get().get(0);
        assertThat(result.verdict()).isEqualTo(Verdict.Successful);
        assertThat(result.samples()).as("two reads since the baseline, 100 requests each").isEqualTo(200);
    }
}
