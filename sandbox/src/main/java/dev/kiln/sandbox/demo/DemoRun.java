package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The quickstart's story against a running sandbox: applies each revision as a change of spec, waits for what
 * it expects of it while showing what the cluster does, and keeps the load running from the first revision on.
 */
public final class DemoRun {

    /** How long the demo waits for each revision's expected end, and how often it looks. */
    public record Timing(Duration firstRevision, Duration laterRevision, Duration loadBeforeChange, Duration settle,
                         Duration poll, Duration loadLineEvery) {
        public static Timing standard() {
            return new Timing(Duration.ofMinutes(6), Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                    Duration.ofMillis(500), Duration.ofSeconds(10));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lines after a block's first line go under its text, past the time stamp. */
    private static final String CONTINUATION = " ".repeat("[ 0:00] ".length());
    private static final String MODEL_DEPLOYMENTS = "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments";

    private final SandboxApiServer api;
    private final String gateway;
    private final List<QuickstartRevision> revisions;
    private final DemoTraffic traffic;
    private final PrintStream out;
    private final Timing timing;
    private final BooleanSupplier stopping;
    private final Map<String, String> revisionNames = new ConcurrentHashMap<>();
    private final DemoView view = new DemoView(revisionNames);
    private final ScreenDiff screen = new ScreenDiff();
    private final long startNanos = System.nanoTime();
    private boolean trafficStarted;
    private long nextLoadLine;

    public DemoRun(SandboxApiServer api, String gateway, List<QuickstartRevision> revisions, DemoTraffic traffic,
                   PrintStream out, Timing timing, BooleanSupplier stopping) {
        this.api = api;
        this.gateway = gateway;
        this.revisions = revisions;
        this.traffic = traffic;
        this.out = out;
        this.timing = timing;
        this.stopping = stopping;
    }

    /** Runs the revisions in order; stops at the first that does not end as expected (or on Ctrl-C). */
    public List<RevisionOutcome> run() throws InterruptedException {
        List<RevisionOutcome> outcomes = new ArrayList<>();
        QuickstartRevision previous = null;
        for (QuickstartRevision revision : revisions) {
            if (stopping.getAsBoolean()) {
                break;
            }
            announce(revision, previous);
            long generation = apply(revision, previous);
            Optional<String> hash = awaitRevision(generation);
            if (hash.isEmpty()) {
                outcomes.add(new RevisionOutcome(revision, null, null, "status.currentRevision did not show generation "
                        + generation + " in time; see the operator log"));
                break;
            }
            revisionNames.put(hash.get(), "rev " + revision.number());
            RevisionOutcome outcome = awaitOutcome(revision, hash.get());
            if (stopping.getAsBoolean()) {
                break;
            }
            outcomes.add(outcome);
            say((outcome.asExpected() ? "as expected: " : "NOT as expected: ") + "revision " + revision.number()
                    + " " + (outcome.reached() == null ? "did not end in time" : outcome.reached().words())
                    + (outcome.detail() == null ? "" : ": " + outcome.detail()));
            if (!outcome.asExpected()) {
                break;
            }
            if (!trafficStarted) {
                traffic.start(gateway);
                trafficStarted = true;
                say("load: sending inference requests through the gateway " + gateway + " from now on");
                watchFor(timing.loadBeforeChange());
            }
            previous = revision;
        }
        // Long enough for the scale-down after a promotion or rollback to show.
        watchFor(timing.settle());
        return outcomes;
    }

    private void announce(QuickstartRevision revision, QuickstartRevision previous) {
        out.println();
        say("=== revision " + revision.number() + " of " + revisions.size() + ": " + revision.title()
                + " (expected: " + revision.expectation().words() + ")");
        if (previous == null) {
            say("kubectl apply --validate=false -f " + revision.file());
        } else {
            say("kubectl patch md/" + revision.name() + " --type merge -p '" + revision.specPatchFrom(previous) + "'"
                    + "   # the change of " + revision.file().getFileName());
            revision.changesFrom(previous).forEach(change -> say("  " + change));
        }
    }

    private long apply(QuickstartRevision revision, QuickstartRevision previous) {
        ApiResponse response = previous == null
                ? api.call("POST", MODEL_DEPLOYMENTS, "application/json", revision.manifest().toString())
                : api.call("PATCH", MODEL_DEPLOYMENTS + "/" + revision.name(), SandboxApiServer.MERGE_PATCH,
                        revision.specPatchFrom(previous).toString());
        if (!response.ok()) {
            throw new IllegalStateException("applying " + revision.file() + " answered HTTP " + response.code() + ": "
                    + response.body());
        }
        return read(response.body()).at("/metadata/generation").asLong(1);
    }

    private Optional<String> awaitRevision(long generation) throws InterruptedException {
        long deadline = System.nanoTime() + timing.laterRevision().toNanos();
        while (System.nanoTime() < deadline && !stopping.getAsBoolean()) {
            JsonNode md = look(false);
            JsonNode status = md.path("status");
            if (status.path("observedGeneration").asLong(0) >= generation && status.hasNonNull("currentRevision")) {
                return Optional.of(status.path("currentRevision").asText());
            }
            Thread.sleep(timing.poll().toMillis());
        }
        return Optional.empty();
    }

    private RevisionOutcome awaitOutcome(QuickstartRevision revision, String hash) throws InterruptedException {
        Duration timeout = revision.number() == 1 ? timing.firstRevision() : timing.laterRevision();
        long deadline = System.nanoTime() + timeout.toNanos();
        int replicas = revision.spec().at("/serving/replicas").asInt(1);
        while (System.nanoTime() < deadline && !stopping.getAsBoolean()) {
            JsonNode status = look().path("status");
            JsonNode optimization = status.path("optimization");
            if (hash.equals(optimization.path("revision").asText()) && "Failed".equals(optimization.path("outcome").asText())) {
                return new RevisionOutcome(revision, hash, null, "optimization failed: " + optimization.path("message").asText());
            }
            boolean stable = hash.equals(status.path("stableRevision").asText());
            JsonNode rollout = status.path("rollout");
            boolean ownRollout = hash.equals(rollout.path("canaryRevision").asText());
            if (revision.number() == 1 && stable && "Healthy".equals(status.path("phase").asText())
                    && status.path("readyReplicas").asInt(0) >= replicas) {
                return new RevisionOutcome(revision, hash, Expectation.SERVED, null);
            }
            if (revision.number() > 1 && stable && status.path("readyReplicas").asInt(0) >= replicas) {
                return new RevisionOutcome(revision, hash, Expectation.PROMOTED,
                        ownRollout ? rollout.path("message").asText(null) : null);
            }
            if (ownRollout && "RolledBack".equals(rollout.path("phase").asText())) {
                return new RevisionOutcome(revision, hash, Expectation.ROLLED_BACK, rollout.path("message").asText(null));
            }
            Thread.sleep(timing.poll().toMillis());
        }
        return new RevisionOutcome(revision, hash, null, stopping.getAsBoolean() ? "stopped"
                : "nothing conclusive within " + timeout.toSeconds() + " s");
    }

    private void watchFor(Duration duration) throws InterruptedException {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until && !stopping.getAsBoolean()) {
            look();
            Thread.sleep(timing.poll().toMillis());
        }
    }

    private JsonNode look() {
        return look(true);
    }

    /** Reads the cluster, prints what changed (when asked to), and returns the ModelDeployment. */
    private JsonNode look(boolean show) {
        String name = revisions.get(0).name();
        JsonNode md = get(MODEL_DEPLOYMENTS + "/" + name);
        if (md == null) {
            return JSON.createObjectNode();
        }
        if (!show) {
            return md;
        }
        List<JsonNode> pods = new ArrayList<>();
        items("/api/v1/namespaces/default/pods").forEach(pod -> {
            if (name.equals(pod.at("/metadata/labels/kiln.dev~1deployment").asText())) {
                pods.add(pod);
            }
        });
        List<JsonNode> events = new ArrayList<>();
        items("/api/v1/namespaces/default/events").forEach(event -> {
            if (name.equals(event.at("/involvedObject/name").asText())) {
                events.add(event);
            }
        });
        for (DemoView.Block block : screen.changed(view.render(md, pods, events))) {
            say(block.lines().get(0));
            block.lines().stream().skip(1).forEach(line -> out.println(CONTINUATION + line));
        }
        if (trafficStarted && System.nanoTime() >= nextLoadLine) {
            nextLoadLine = System.nanoTime() + timing.loadLineEvery().toNanos();
            say("load: " + traffic.describe());
        }
        return md;
    }

    private JsonNode get(String path) {
        ApiResponse response = api.call("GET", path, null, null);
        return response.ok() ? read(response.body()) : null;
    }

    private List<JsonNode> items(String path) {
        JsonNode list = get(path);
        List<JsonNode> items = new ArrayList<>();
        if (list != null) {
            list.path("items").forEach(items::add);
        }
        return items;
    }

    private void say(String line) {
        long seconds = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
        out.println(String.format(Locale.ROOT, "[%2d:%02d] %s", seconds / 60, seconds % 60, line));
        out.flush();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the API server answered something that is not JSON: " + e.getMessage(), e);
        }
    }
}
