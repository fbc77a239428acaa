package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DemoView view = new DemoView(Map.of("aaa", "rev 1", "bbb", "rev 2"));

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void phaseLineNamesServingAndNewestRevision() throws Exception {
        JsonNode md = json("""
                {"metadata": {"name": "text-orientation"}, "spec": {"serving": {"replicas": 1}},
                 "status": {"phase": "Progressing", "ready": "1/1", "stableRevision": "aaa", "currentRevision": "bbb"}}""");

        assertThat(view.phase(md).lines()).containsExactly(
                "ModelDeployment text-orientation: Progressing, ready 1/1, serving rev 1 (aaa), newest rev 2 (bbb)");
        assertThat(view.phase(json("{\"metadata\": {\"name\": \"x\"}}")).lines())
                .containsExactly("ModelDeployment x: Pending, ready 0/1, serving -");
    }

    @Test
    void variantsTableMarksTheSelectedOneAndRoundsTheMeasurements() throws Exception {
        JsonNode optimization = json("""
                {"revision": "aaa", "jobName": "job-1", "outcome": "Succeeded", "selected": "m/graph",
                 "reason": "lowest p99 latency",
                 "variants": [
                   {"name": "m/original", "passes": [], "sizeBytes": 579000, "latencyP50Millis": "1.358824",
                    "latencyP99Millis": "73.819623", "accuracy": "0.9833333333333333", "meetsGoals": true},
                   {"name": "m/graph", "passes": ["graph"], "sizeBytes": 535000, "latencyP50Millis": "1.095995",
                    "latencyP99Millis": "30.432993", "accuracy": "0.9833333333333333", "meetsGoals": true},
                   {"name": "m/int8-dynamic", "passes": ["int8-dynamic"], "sizeBytes": 2140000, "latencyP50Millis": "8.6",
                    "latencyP99Millis": "89.3", "accuracy": "0.9", "meetsGoals": false, "missed": ["maxAccuracyDrop"]}]}""");

        List<String> lines = view.variants(optimization).lines();

        assertThat(lines.get(0)).isEqualTo("variants measured for rev 1 (aaa):");
        assertThat(lines.get(2)).startsWith("  m/original").contains("(none)", "579 KB", "1.36", "73.82", "0.983", "met");
        assertThat(lines.get(3)).startsWith("* m/graph").contains("graph", "535 KB", "1.10", "30.43");
        assertThat(lines.get(4)).contains("2.1 MB", "missed maxAccuracyDrop");
        assertThat(lines.get(5)).isEqualTo("selected: m/graph (lowest p99 latency)");
    }

    @Test
    void optimizationJobShowsRunningUntilItHasAnOutcome() throws Exception {
        assertThat(view.optimizationJob(json("{\"revision\": \"bbb\", \"jobName\": \"job-2\", \"message\": \"running\"}")).lines())
                .containsExactly("optimization of rev 2 (bbb): job job-2 Running");
        assertThat(view.optimizationJob(json("""
                {"revision": "bbb", "jobName": "job-2", "outcome": "Succeeded", "message": "3 variants"}""")).lines())
                .containsExactly("optimization of rev 2 (bbb): job job-2 Succeeded: 3 variants");
    }

    @Test
    void podsShowNodeIpReadinessRevisionAndTrack() throws Exception {
        JsonNode pod = json("""
                {"metadata": {"name": "to-bbb-1", "labels": {"kiln.dev/component": "server", "kiln.dev/revision": "bbb",
                   "kiln.dev/track": "canary"}},
                 "spec": {"nodeName": "cpu-2"},
                 "status": {"phase": "Running", "podIP": "127.9.0.4",
                   "conditions": [{"type": "Ready", "status": "True"}]}}""");

        assertThat(view.pods(List.of(pod)).lines()).singleElement().asString()
                .contains("to-bbb-1", "server", "on cpu-2", "127.9.0.4", "Running, Ready", "rev 2 (bbb) canary");
        assertThat(view.pods(List.of()).lines()).containsExactly("pods: none yet");
    }

    @Test
    void canaryStepAndAnalysisNumbers() throws Exception {
        JsonNode rollout = json("""
                {"canaryRevision": "bbb", "phase": "Progressing", "canaryWeight": 50, "desiredWeight": 50,
                 "achievedWeight": 50, "message": "step 2/2 (analysis): analysis: 1 of 3 conclusive measurements",
                 "lastMeasurementAt": "2026-11-29T08:34:15Z",
                 "lastAnalysis": [{"metric": "median-latency", "verdict": "Failed", "canaryValue": 171.4,
                   "stableValue": 4.25, "threshold": "<= 100 ms", "samples": 48}]}""");

        assertThat(view.rolloutStep(rollout).lines()).containsExactly("canary rev 2 (bbb): Progressing, weight 50% "
                + "(asked 50%, achieved 50%): step 2/2 (analysis): analysis: 1 of 3 conclusive measurements");
        DemoView.Block analysis = view.analysis(rollout);
        assertThat(analysis.key()).isEqualTo("analysis/bbb/2026-11-29T08:34:15Z");
        assertThat(analysis.lines().get(1)).contains("median-latency", "canary     171.40", "stable       4.25",
                "<= 100 ms", "Failed", "(48 samples)");
    }

    @Test
    void eventsOfTheModelDeploymentOnlyEachOnce() throws Exception {
        JsonNode md = json("{\"metadata\": {\"name\": \"x\"}}");
        JsonNode rolledBack = json("""
                {"metadata": {"name": "x.1", "creationTimestamp": "2026-11-29T08:35:00Z"}, "type": "Warning",
                 "reason": "RolledBack", "message": "metric median-latency failed 2 time(s)",
                 "involvedObject": {"kind": "ModelDeployment", "name": "x"}}""");
        JsonNode podEvent = json("""
                {"metadata": {"name": "p.1"}, "type": "Normal", "reason": "Started", "message": "started",
                 "involvedObject": {"kind": "Pod", "name": "x-1"}}""");
        ScreenDiff screen = new ScreenDiff();

        List<DemoView.Block> first = screen.changed(view.render(md, List.of(), List.of(rolledBack, podEvent)));
        List<DemoView.Block> again = screen.changed(view.render(md, List.of(), List.of(rolledBack, podEvent)));

        assertThat(first).flatExtracting(DemoView.Block::lines)
                .contains("event Warning RolledBack: metric median-latency failed 2 time(s)")
                .noneMatch(line -> line.contains("Started"));
        assertThat(again).isEmpty();
    }
}
