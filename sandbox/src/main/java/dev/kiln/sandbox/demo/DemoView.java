package dev.kiln.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Turns what the API server holds (the ModelDeployment, its pods, its events) into the demo's screen: each
 * section is a keyed block of lines, and {@link ScreenDiff} prints a block only when it changed. Pure, so the
 * wording is tested without a cluster.
 */
public final class DemoView {

    /** A block of lines the screen prints again only when its text changes; the key says what it is about. */
    public record Block(String key, List<String> lines) {
    }

    private final Map<String, String> revisionNames;

    /** @param revisionNames revision hash to the demo's name for it ("rev 2") */
    public DemoView(Map<String, String> revisionNames) {
        this.revisionNames = revisionNames;
    }

    /** Every block for one look at the cluster, in screen order. */
    public List<Block> render(JsonNode md, List<JsonNode> pods, List<JsonNode> events) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(phase(md));
        JsonNode optimization = md.at("/status/optimization");
        if (!optimization.isMissingNode() && !optimization.isNull()) {
            blocks.add(optimizationJob(optimization));
            if (optimization.path("variants").size() > 0) {
                blocks.add(variants(optimization));
            }
        }
        blocks.add(pods(pods));
        JsonNode rollout = md.at("/status/rollout");
        if (rollout.hasNonNull("canaryRevision")) {
            blocks.add(rolloutStep(rollout));
            if (rollout.path("lastAnalysis").size() > 0) {
                blocks.add(analysis(rollout));
            }
        }
        events.stream()
                .filter(e -> e.at("/involvedObject/kind").asText().equals("ModelDeployment"))
                .sorted(Comparator.comparing(e -> e.at("/metadata/creationTimestamp").asText()))
                .map(this::event)
                .forEach(blocks::add);
        return blocks;
    }

    String name(String revision) {
        if (revision == null || revision.isEmpty()) {
            return "-";
        }
        String name = revisionNames.get(revision);
        return name == null ? revision : name + " (" + revision + ")";
    }

    Block phase(JsonNode md) {
        JsonNode status = md.path("status");
        String line = "ModelDeployment " + md.at("/metadata/name").asText() + ": " + text(status.path("phase"), "Pending")
                + ", ready " + text(status.path("ready"), "0/" + md.at("/spec/serving/replicas").asInt(1))
                + ", serving " + name(status.path("stableRevision").asText(null))
                + (status.hasNonNull("currentRevision") && !status.path("currentRevision").equals(status.path("stableRevision"))
                        ? ", newest " + name(status.path("currentRevision").asText()) : "");
        return new Block("phase", List.of(line));
    }

    Block optimizationJob(JsonNode optimization) {
        String revision = optimization.path("revision").asText();
        String outcome = text(optimization.path("outcome"), "Running");
        String line = "optimization of " + name(revision) + ": job " + text(optimization.path("jobName"), "-") + " "
                + outcome + (optimization.hasNonNull("message") && !outcome.equals("Running")
                        ? ": " + optimization.path("message").asText() : "");
        return new Block("optimization/" + revision, List.of(line));
    }

    Block variants(JsonNode optimization) {
        List<String> lines = new ArrayList<>();
        lines.add("variants measured for " + name(optimization.path("revision").asText()) + ":");
        lines.add(String.format(Locale.ROOT, "  %-32s %-20s %8s %8s %8s %9s  %s", "variant", "passes", "size",
                "p50 ms", "p99 ms", "accuracy", "goals"));
        String selected = optimization.path("selected").asText("");
        for (JsonNode v : optimization.path("variants")) {
            String passes = String.join("+", StreamSupport.stream(v.path("passes").spliterator(), false)
                    .map(JsonNode::asText).toList());
            String goals = v.path("meetsGoals").asBoolean(false) ? "met"
                    : "missed " + String.join(", ", StreamSupport.stream(v.path("missed").spliterator(), false)
                            .map(JsonNode::asText).toList());
            String mark = v.path("name").asText().equals(selected) ? "* " : "  ";
            lines.add(String.format(Locale.ROOT, "%s%-32s %-20s %8s %8s %8s %9s  %s", mark, v.path("name").asText(),
                    passes.isEmpty() ? "(none)" : passes, size(v.path("sizeBytes")), decimal(v.path("latencyP50Millis"), 2),
                    decimal(v.path("latencyP99Millis"), 2), decimal(v.path("accuracy"), 3), goals));
        }
        if (optimization.path("omittedVariants").asInt(0) > 0) {
            lines.add("  (" + optimization.path("omittedVariants").asInt() + " more not shown)");
        }
        if (!selected.isEmpty()) {
            lines.add("selected: " + selected + (optimization.hasNonNull("reason")
                    ? " (" + optimization.path("reason").asText() + ")" : ""));
        }
        return new Block("variants/" + optimization.path("revision").asText(), lines);
    }

    Block pods(List<JsonNode> pods) {
        List<String> lines = new ArrayList<>();
        List<JsonNode> sorted = pods.stream()
                .sorted(Comparator.comparing(p -> p.at("/metadata/name").asText())).toList();
        if (sorted.isEmpty()) {
            lines.add("pods: none yet");
        }
        for (JsonNode pod : sorted) {
            JsonNode labels = pod.at("/metadata/labels");
            String role = labels.path("kiln.dev/component").asText("");
            String revision = labels.path("kiln.dev/revision").asText("");
            String track = labels.path("kiln.dev/track").asText("");
            lines.add(String.format(Locale.ROOT, "pod %-46s %-10s on %-6s %-15s %s%s", pod.at("/metadata/name").asText(),
                    role, text(pod.at("/spec/nodeName"), "-"), text(pod.at("/status/podIP"), "-"), podState(pod),
                    revision.isEmpty() ? "" : "  " + name(revision) + (track.isEmpty() ? "" : " " + track)));
        }
        return new Block("pods", lines);
    }

    Block rolloutStep(JsonNode rollout) {
        String revision = rollout.path("canaryRevision").asText();
        String line = "canary " + name(revision) + ": " + text(rollout.path("phase"), "Progressing")
                + ", weight " + rollout.path("canaryWeight").asInt(0) + "% (asked " + rollout.path("desiredWeight").asInt(0)
                + "%, achieved " + rollout.path("achievedWeight").asInt(0) + "%)"
                + (rollout.hasNonNull("message") ? ": " + rollout.path("message").asText() : "");
        return new Block("rollout/" + revision, List.of(line));
    }

    Block analysis(JsonNode rollout) {
        List<String> lines = new ArrayList<>();
        lines.add("analysis of " + name(rollout.path("canaryRevision").asText()) + " at "
                + text(rollout.path("lastMeasurementAt"), "-") + ":");
        for (JsonNode m : rollout.path("lastAnalysis")) {
            lines.add(String.format(Locale.ROOT, "  %-16s canary %10s  stable %10s  threshold %-24s %-12s (%d samples)",
                    m.path("metric").asText(), number(m.path("canaryValue")), number(m.path("stableValue")),
                    text(m.path("threshold"), "-"), m.path("verdict").asText(), m.path("samples").asLong(0)));
        }
        return new Block("analysis/" + rollout.path("canaryRevision").asText() + "/"
                + rollout.path("lastMeasurementAt").asText(), lines);
    }

    Block event(JsonNode event) {
        String line = "event " + event.path("type").asText("Normal") + " " + event.path("reason").asText() + ": "
                + event.path("message").asText();
        return new Block("event/" + event.at("/metadata/name").asText() + "/" + event.path("count").asInt(1), List.of(line));
    }

    static String podState(JsonNode pod) {
        String phase = text(pod.at("/status/phase"), "Pending");
        for (JsonNode condition : pod.at("/status/conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return "True".equals(condition.path("status").asText()) ? phase + ", Ready" : phase + ", not ready";
            }
        }
        return phase;
    }

    static String size(JsonNode bytes) {
        if (!bytes.isNumber()) {
            return "-";
        }
        long b = bytes.asLong();
        return b >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", b / 1e6) : String.format(Locale.ROOT, "%.0f KB", b / 1e3);
    }

    /** Status keeps measured numbers as decimal strings; shown rounded. */
    static String decimal(JsonNode value, int places) {
        try {
            return String.format(Locale.ROOT, "%." + places + "f", Double.parseDouble(value.asText()));
        } catch (NumberFormatException e) {
            return "-";
        }
    }

    static String number(JsonNode value) {
        if (!value.isNumber()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", value.asDouble());
    }

    private static String text(JsonNode value, String absent) {
        return value == null || value.isNull() || value.isMissingNode() || value.asText().isEmpty() ? absent : value.asText();
    }
}
