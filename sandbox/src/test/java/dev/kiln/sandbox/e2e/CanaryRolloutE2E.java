package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.sandbox.load.LoadCounts;
import dev.kiln.sandbox.load.LoadGenerator;
import dev.kiln.sandbox.load.SampleSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, scenarios 2, 3, 4 and the second half of 5, in order on one sandbox (starting it and serving a first revision takes about
 * a minute on two cores, so the three share it). Each scenario states and checks its given: a stable revision
 * serving, no rollout under way. Each new revision is a copy of the real PP-OCR classifier under a new file
 * name (the model URI is part of the revision); it is served as is (no optimization passes, validated on the
 * generated set). The load generator sends real requests through the gateway during each scenario.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CanaryRolloutE2E {

    private static final String NAME = "textdir";
    private static final String MD = "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments/" + NAME;
    private static final String SELECT_SERVERS = "?labelSelector=kiln.dev%2Fdeployment%3D" + NAME
            + "%2Ckiln.dev%2Fcomponent%3Dserver";
    /** Requests per second during each scenario: enough for minSamples within an analysis interval on 2 cores. */
    private static final double RATE = 8;

    @TempDir
    static Path workDir;
    private E2ESandbox sandbox;
    private List<SampleSet.Sample> samples;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aFirstRevisionServing() throws Exception {
        Path dataset = E2ESandbox.prepareModelAndDataset(workDir);
        samples = SampleSet.load(dataset);
        sandbox = E2ESandbox.start(workDir);
        assertThat(sandbox.api().call("POST", "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments",
                "application/json", """
                {"apiVersion": "kiln.dev/v1alpha1", "kind": "ModelDeployment", "metadata": {"name": "%s"},
                 "spec": {"model": {"uri": "%s", "name": "%s"},
                          "optimization": %s,
                          "serving": {"replicas": 3, "accelerator": "cpu"}}}""".formatted(NAME, modelCopy(1), NAME,
                        AS_IS)).code()).isEqualTo(201);
        sandbox.awaitPhase(NAME, "Healthy", Duration.ofMinutes(3));
    }

    @AfterAll
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** No passes: the variant is the model as it is; still validated, so the revision's Job is quick. */
    private static final String AS_IS = """
            {"passes": [],
             "validation": {"uri": "pvc://datasets/textdir", "format": "image-folder",
               "preprocessing": {"resize": {"width": 192, "height": 48, "mode": "fit-pad"},
                 "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "channelOrder": "BGR", "layout": "NCHW"}}}""";

    @Test
    @Order(2)
    void aGoodRevisionWalksItsCanaryStepsUnderLoadAndIsPromoted() throws Exception {
        // given a stable revision serving 3 replicas and the load generator sending through the gateway
        String oldStable = givenStableAndIdle();
        LoadGenerator load = sandbox.load(NAME, samples, RATE);
        try {
            // when a second revision is applied with steps 25%, analysis (2 measurements), 50%, 100%
            sandbox.mergePatch(MD, """
                    {"spec": {"model": {"uri": "%s"},
                      "rollout": {"steps": [{"setWeight": 25}, {"analysis": {"count": 2}}, {"setWeight": 50},
                                            {"setWeight": 100}],
                        "analysis": {"interval": "3s", "minSamples": 5, "failureLimit": 2, "consecutiveSuccesses": 2,
                          "metrics": [{"name": "server-errors", "type": "errorRate", "max": 0.01},
                                      {"name": "p99-latency", "type": "latency", "quantile": 0.99, "max": 5000}]},
                        "traffic": {"replicas": {}}, "scaleDownDelaySeconds": 3}}}""".formatted(modelCopy(2)));

            // then it walks the steps: the canary carries 25%, is analysed, carries 50%, then 100%
            List<String> walk = new ArrayList<>();
            JsonNode promoted = awaitRecordingWalk(walk, md -> !oldStable.equals(md.at("/status/stableRevision").asText()),
                    Duration.ofMinutes(4));
            String revision = promoted.at("/status/stableRevision").asText();
            System.out.println("walk: " + walk);
            assertThat(walk).as("observed (step, canary weight) while rolling out")
                    .contains("step 2 analysis at 25%", "step 3 setWeight at 50%");
            // and once the canary carried traffic it kept some while it scaled up for the next step
            assertThat(walk.subList(walk.indexOf("step 1 setWeight at 25%"), walk.size()))
                    .as("canary weight after it first carried 25%").noneMatch(seen -> seen.endsWith(" at 0%"));
            // and is promoted after the last step
            assertThat(promoted.at("/status/rollout/phase").asText()).isEqualTo("Promoted");
            assertThat(promoted.at("/status/rollout/canaryRevision").asText()).isEqualTo(revision);
            assertThat(promoted.at("/status/rollout/message").asText()).contains("passed all 4 steps");
            assertThat(promoted.at("/status/rollout/stepAnalysis/conclusiveMeasurements").asInt()).isGreaterThanOrEqualTo(2);

            // and the old revision scales down: its Deployment and pods go after scaleDownDelaySeconds
            sandbox.await("/apis/apps/v1/namespaces/default/deployments" + SELECT_SERVERS,
                    list -> revisionsOf(list).equals(Set.of(revision)), Duration.ofSeconds(60));
            sandbox.await("/api/v1/namespaces/default/pods" + SELECT_SERVERS,
                    list -> revisionsOf(list).equals(Set.of(revision)) && list.path("items").size() == 3,
                    Duration.ofSeconds(60));
            sandbox.awaitPhase(NAME, "Healthy", Duration.ofSeconds(30));
        } finally {
            load.stop();
        }
        // and the load generator saw no failed request over the whole rollout
        LoadCounts seen = finished(load);
        assertThat(seen.failures()).as(seen.describe()).isEmpty();
        assertThat(seen.ok()).as(seen.describe()).isGreaterThan(100);
    }

    @Test
    @Order(3)
    void aRegressingRevisionIsRolledBackAutomaticallyWhileStableServesEveryRequest() throws Exception {
        // given a stable revision serving, under load, and its pods as they are now
        String stable = givenStableAndIdle();
        Map<String, String> stablePods = podUids(stable);
        JsonNode stableTemplate = deployment(stable).at("/spec/template");
        LoadGenerator load = sandbox.load(NAME, samples, RATE);
        String failedMetric = "p50-latency";
        try {
            // when a revision whose server waits up to 0.5 s to fill batches of 8 is rolled out: at a few requests
            // per second each request waits for company that does not come, so its median latency is far above
            // stable's. The analysis compares the medians.
            sandbox.mergePatch(MD, """
                    {"spec": {"model": {"uri": "%s"},
                      "serving": {"maxBatch": 8, "batchDelayMicros": 500000},
                      "rollout": {"steps": [{"setWeight": 25}, {"analysis": {"count": 3}}, {"setWeight": 100}],
                        "analysis": {"interval": "3s", "minSamples": 5, "failureLimit": 2, "consecutiveSuccesses": 2,
                          "metrics": [{"name": "server-errors", "type": "errorRate", "max": 0.01},
                                      {"name": "%s", "type": "latency", "quantile": 0.5, "maxRatioToStable": 2}]},
                        "traffic": {"replicas": {}}, "scaleDownDelaySeconds": 3}}}""".formatted(modelCopy(3),
                    failedMetric));

            // then the rollout is rolled back by the analysis: Degraded, Stalled with reason RolledBack
            JsonNode md = sandbox.await(MD, m -> "RolledBack".equals(m.at("/status/rollout/phase").asText()),
                    Duration.ofMinutes(3));
            System.out.println("rolled back: " + md.at("/status/rollout/message").asText());
            assertThat(md.at("/status/rollout/reason").asText()).isEqualTo("AnalysisFailed");
            assertThat(md.at("/status/rollout/message").asText()).contains("metric " + failedMetric + " failed");
            md = sandbox.await(MD, m -> "Degraded".equals(m.at("/status/phase").asText()), Duration.ofSeconds(30));
            JsonNode stalled = condition(md, "Stalled");
            assertThat(stalled.path("status").asText()).isEqualTo("True");
            assertThat(stalled.path("reason").asText()).isEqualTo("RolledBack");
            assertThat(stalled.path("message").asText()).contains(failedMetric);
            // and status.rollout.lastAnalysis shows the metric failed, with the canary's and stable's numbers
            JsonNode latency = entry(md.at("/status/rollout/lastAnalysis"), "metric", failedMetric);
            assertThat(latency.path("verdict").asText()).isEqualTo("Failed");
            assertThat(latency.path("canaryValue").asDouble())
                    .isGreaterThan(2 * latency.path("stableValue").asDouble());
            // and a Warning Event says so, naming the metric
            JsonNode event = sandbox.await("/api/v1/namespaces/default/events",
                    events -> !entry(events.path("items"), "reason", "RolledBack").isMissingNode(), Duration.ofSeconds(30));
            JsonNode rolledBack = entry(event.path("items"), "reason", "RolledBack");
            assertThat(rolledBack.path("type").asText()).isEqualTo("Warning");
            assertThat(rolledBack.at("/involvedObject/name").asText()).isEqualTo(NAME);
            assertThat(rolledBack.path("message").asText()).contains(failedMetric);

            // and the stable revision is unchanged, and its canary scaled to 0 after scaleDownDelaySeconds
            assertThat(md.at("/status/stableRevision").asText()).isEqualTo(stable);
            String canary = md.at("/status/rollout/canaryRevision").asText();
            sandbox.await("/apis/apps/v1/namespaces/default/deployments/" + NAME + "-" + canary,
                    d -> d.at("/spec/replicas").asInt(-1) == 0, Duration.ofSeconds(30));
            sandbox.await("/api/v1/namespaces/default/pods" + SELECT_SERVERS,
                    list -> revisionsOf(list).equals(Set.of(stable)) && list.path("items").size() == 3,
                    Duration.ofSeconds(60));
        } finally {
            load.stop();
        }
        // and stable answered every request meanwhile
        LoadCounts seen = finished(load);
        assertThat(seen.failures()).as(seen.describe()).isEmpty();
        assertThat(seen.ok()).as(seen.describe()).isGreaterThan(50);
        // and stable was not restarted: its pod template is the same, and its pods from before are still there
        // (a stable pod given up for the canary's share is replaced by a new one, as scaling does)
        assertThat(deployment(stable).at("/spec/template")).isEqualTo(stableTemplate);
        Map<String, String> after = podUids(stable);
        assertThat(after).hasSize(3);
        // at 25% of 3 replicas stable gave one pod up (scaling down removes the newest) and got one back after
        Set<String> kept = new HashSet<>(after.values());
        kept.retainAll(stablePods.values());
        assertThat(kept).as("stable pods (uids) running before the rollout and after the rollback").hasSize(2);
    }

    @Test
    @Order(4)
    void theOperatorKilledInTheMiddleOfACanaryResumesAtTheSameStepAndFinishes() throws Exception {
        // given a stable revision serving (a rolled-back one in the spec, if scenario 3 ran), under load
        String stable = givenStableRevision();
        LoadGenerator load = sandbox.load(NAME, samples, RATE);
        try {
            // and a new revision held at a pause step that waits for a human, after its analysis
            sandbox.mergePatch(MD, """
                    {"spec": {"model": {"uri": "%s"},
                      "serving": {"maxBatch": null, "batchDelayMicros": null},
                      "rollout": {"steps": [{"setWeight": 25}, {"analysis": {"count": 2}}, {"pause": {}},
                                            {"setWeight": 100}],
                        "analysis": {"interval": "3s", "minSamples": 5, "failureLimit": 2, "consecutiveSuccesses": 2,
                          "metrics": [{"name": "server-errors", "type": "errorRate", "max": 0.01}]},
                        "traffic": {"replicas": {}}, "scaleDownDelaySeconds": 3}}}""".formatted(modelCopy(4)));
            JsonNode held = sandbox.await(MD, m -> "Paused".equals(m.at("/status/rollout/phase").asText())
                    && m.at("/status/rollout/stepIndex").asInt() == 2, Duration.ofMinutes(3));
            JsonNode before = held.at("/status/rollout");
            String canary = before.path("canaryRevision").asText();
            assertThat(before.path("canaryWeight").asInt()).isEqualTo(25);
            assertThat(before.at("/stepAnalysis/conclusiveMeasurements").asInt()).isGreaterThanOrEqualTo(2);
            String lease = leasePath(lease());

            // when the operator is killed (SIGKILL: no graceful stop, its leader lease not released) and started again
            Instant killedAt = Instant.now();
            sandbox.restartOperator();
            // (the new process holds the lease once the dead one's has expired, then reconciles)
            sandbox.await(lease, l -> !l.at("/spec/renewTime").asText().isEmpty()
                    && Instant.parse(l.at("/spec/renewTime").asText()).isAfter(killedAt), Duration.ofSeconds(60));
            Thread.sleep(5_000);

            // then the rollout is where it was: the same step, weight, start time and analysis counters
            JsonNode after = sandbox.get(MD).at("/status/rollout");
            for (String field : List.of("canaryRevision", "phase", "stepIndex", "canaryWeight", "desiredWeight",
                    "stepStartedAt", "stepAnalysis")) {
                assertThat(after.path(field)).as("status.rollout." + field + " after the restart").isEqualTo(before.path(field));
            }
            assertThat(sandbox.get(MD).at("/status/stableRevision").asText()).isEqualTo(stable);

            // and it finishes: promoted on the annotation, the old stable scaled down
            sandbox.mergePatch(MD, "{\"metadata\": {\"annotations\": {\"kiln.dev/promote\": \"true\"}}}");
            JsonNode promoted = sandbox.await(MD, m -> canary.equals(m.at("/status/stableRevision").asText()),
                    Duration.ofMinutes(2));
            assertThat(promoted.at("/status/rollout/phase").asText()).isEqualTo("Promoted");
            assertThat(promoted.at("/metadata/annotations").has("kiln.dev/promote")).isFalse();
            sandbox.await("/apis/apps/v1/namespaces/default/deployments" + SELECT_SERVERS,
                    list -> revisionsOf(list).equals(Set.of(canary)), Duration.ofSeconds(60));
            sandbox.awaitPhase(NAME, "Healthy", Duration.ofSeconds(60));
        } finally {
            load.stop();
        }
        // and serving never noticed the operator was gone
        LoadCounts seen = finished(load);
        assertThat(seen.failures()).as(seen.describe()).isEmpty();
    }

    @Test
    @Order(5)
    void anInvalidSpecIsReportedWithInvalidSpecAndNothingServingChanges() throws Exception {
        // given a stable revision serving under load, with its Deployments, Service and pods as they are now
        String stable = givenStableAndIdle();
        Map<String, String> stablePods = podUids(stable);
        JsonNode deployments = sandbox.get("/apis/apps/v1/namespaces/default/deployments" + SELECT_SERVERS);
        JsonNode service = sandbox.get("/api/v1/namespaces/default/services/" + NAME);
        int jobs = sandbox.get("/apis/batch/v1/namespaces/default/jobs").path("items").size();
        LoadGenerator load = sandbox.load(NAME, samples, RATE);
        try {
            // when the spec is changed to one the operator must refuse: a model path that climbs out of its claim
            sandbox.mergePatch(MD, "{\"spec\": {\"model\": {\"uri\": \"pvc://models/../secrets/model.onnx\"}}}");

            // then it is reported Stalled with reason InvalidSpec, naming the field, for the new generation
            JsonNode md = sandbox.await(MD, m -> "True".equals(condition(m, "Stalled").path("status").asText())
                    && "InvalidSpec".equals(condition(m, "Stalled").path("reason").asText()), Duration.ofSeconds(60));
            assertThat(condition(md, "Stalled").path("message").asText()).contains("spec.model.uri");
            assertThat(md.at("/status/observedGeneration").asLong()).isEqualTo(md.at("/metadata/generation").asLong());
            assertThat(md.at("/status/stableRevision").asText()).isEqualTo(stable);
            Thread.sleep(5_000);
        } finally {
            load.stop();
        }
        // and nothing serving changed: the same Deployments (templates, replicas), Service selector and pods, no Job
        JsonNode deploymentsAfter = sandbox.get("/apis/apps/v1/namespaces/default/deployments" + SELECT_SERVERS);
        assertThat(deploymentsAfter.path("items").size()).isEqualTo(deployments.path("items").size());
        for (int i = 0; i < deployments.path("items").size(); i++) {
            assertThat(deploymentsAfter.path("items").get(i).path("spec"))
                    .isEqualTo(deployments.path("items").get(i).path("spec"));
        }
        assertThat(sandbox.get("/api/v1/namespaces/default/services/" + NAME).at("/spec/selector"))
                .isEqualTo(service.at("/spec/selector"));
        assertThat(podUids(stable)).isEqualTo(stablePods);
        assertThat(sandbox.get("/apis/batch/v1/namespaces/default/jobs").path("items").size()).isEqualTo(jobs);
        // and every request was answered meanwhile
        LoadCounts seen = finished(load);
        assertThat(seen.failures()).as(seen.describe()).isEmpty();
        assertThat(seen.ok()).as(seen.describe()).isGreaterThan(20);
    }

    // --- givens and reads ----------------------------------------------------------------------------------------

    /** A stable revision Healthy with its 3 pods and no rollout under way; returns it. */
    private String givenStableAndIdle() throws Exception {
        String stable = givenStableRevision();
        JsonNode md = sandbox.awaitPhase(NAME, "Healthy", Duration.ofSeconds(30));
        assertThat(md.at("/status/rollout/phase").asText()).isIn("", "Promoted");
        return stable;
    }

    /** A stable revision with 3 Ready pods answering through the gateway, whatever the spec's revision did. */
    private String givenStableRevision() throws Exception {
        JsonNode md = sandbox.await(MD, m -> !m.at("/status/stableRevision").asText().isEmpty()
                && m.at("/status/readyReplicas").asInt() >= 3, Duration.ofSeconds(60));
        return md.at("/status/stableRevision").asText();
    }

    /** Polls the ModelDeployment until {@code done}, noting each (step, canary weight) seen on the way. */
    private JsonNode awaitRecordingWalk(List<String> walk, java.util.function.Predicate<JsonNode> done, Duration timeout)
            throws Exception {
        return sandbox.await(MD, md -> {
            JsonNode rollout = md.at("/status/rollout");
            int step = rollout.path("stepIndex").asInt();
            JsonNode steps = md.at("/spec/rollout/steps");
            if ("Progressing".equals(rollout.path("phase").asText()) && step < steps.size()) {
                String kind = steps.get(step).fieldNames().next();
                String seen = "step " + (step + 1) + " " + kind + " at " + rollout.path("canaryWeight").asInt() + "%";
                if (walk.isEmpty() || !walk.get(walk.size() - 1).equals(seen)) {
                    walk.add(seen);
                }
            }
            return done.test(md);
        }, timeout);
    }

    private LoadCounts finished(LoadGenerator load) throws InterruptedException {
        assertThat(load.awaitFinished(Duration.ofSeconds(20))).as("requests in flight finished").isTrue();
        load.close();
        LoadCounts total = load.stats().total();
        System.out.println("load: " + total.describe());
        return total;
    }

    private JsonNode deployment(String revision) throws Exception {
        return sandbox.get("/apis/apps/v1/namespaces/default/deployments/" + NAME + "-" + revision);
    }

    /** Pod name to uid, for the serving pods of {@code revision}. */
    private Map<String, String> podUids(String revision) throws Exception {
        Map<String, String> uids = new HashMap<>();
        for (JsonNode pod : sandbox.get("/api/v1/namespaces/default/pods" + SELECT_SERVERS).path("items")) {
            if (revision.equals(pod.at("/metadata/labels/kiln.dev~1revision").asText())) {
                uids.put(pod.at("/metadata/name").asText(), pod.at("/metadata/uid").asText());
            }
        }
        return uids;
    }

    private static Set<String> revisionsOf(JsonNode list) {
        Set<String> revisions = new LinkedHashSet<>();
        list.path("items").forEach(item -> revisions.add(item.at("/metadata/labels/kiln.dev~1revision").asText()));
        return revisions;
    }

    /** The operator's leader-election Lease, the only Lease in the sandbox. */
    private JsonNode lease() throws Exception {
        JsonNode leases = sandbox.await("/apis/coordination.k8s.io/v1/leases",
                l -> l.path("items").size() == 1, Duration.ofSeconds(30));
        return leases.path("items").get(0);
    }

    private static String leasePath(JsonNode lease) {
        return "/apis/coordination.k8s.io/v1/namespaces/" + lease.at("/metadata/namespace").asText() + "/leases/"
                + lease.at("/metadata/name").asText();
    }

    /** A copy of the real model under a new name: a new model URI, so a new revision. */
    private String modelCopy(int n) throws Exception {
        Path models = E2ESandbox.claim(workDir, "models");
        Path copy = models.resolve("cls-v" + n + ".onnx");
        if (!Files.exists(copy)) {
            Files.copy(models.resolve("cls.onnx"), copy);
        }
        return "pvc://models/" + copy.getFileName();
    }

    private static JsonNode condition(JsonNode md, String type) {
        return entry(md.at("/status/conditions"), "type", type);
    }

    private static JsonNode entry(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
