package dev.kiln.operator.plan;

import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentStatus;
import dev.kiln.operator.api.OptimizationStatus;
import dev.kiln.operator.resources.KilnLabels.Track;
import dev.kiln.operator.revision.RevisionHash;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner's rules as a table: a situation (status and observed objects, with the spec asking for revision
 * {@code R}; {@code OLD} is an earlier revision) and the decision expected.
 */
class PlannerTest {

    static final String OLD = "0123456789";
    static final String ABANDONED = "9876543210";
    static final Instant NOW = Instant.parse("2026-11-29T06:00:00Z");

    /** A situation: the ModelDeployment (its status) and what the informers see; R is filled in. */
    record Situation(long generation, String stable, OptimizationStatus remembered, List<Job> jobs, List<Pod> pods,
                     List<Deployment> deployments, boolean invalid) {
    }

    /**
     * What the decision must say. {@code deploy} and {@code track}: the Deployment to apply (R, OLD or null);
     * {@code scaled}: the older stable Deployment kept and scaled; {@code deleted}: Deployment names.
     */
    record Expected(boolean start, Outcome outcome, boolean running, String stable, String deploy, Track track,
                    String scaled, List<String> deleted, String service, boolean invalid, List<String> cancelled) {
    }

    record Row(String name, Consumer<Builder> situation, Expected expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final class Builder {
        final String r;
        long generation = 1;
        String stable;
        OptimizationStatus remembered;
        final List<Job> jobs = new ArrayList<>();
        final List<Pod> pods = new ArrayList<>();
        final List<Deployment> deployments = new ArrayList<>();
        boolean invalid;

        Builder(String r) {
            this.r = r;
        }

        Builder succeededJob(String revision, long generation) {
            Job job = Fixtures.job("md", revision, generation, "Complete");
            jobs.add(job);
            pods.add(Fixtures.pod(job, Fixtures.sampleSummary(), 0));
            return this;
        }

        Builder failedJob(String revision, long generation, Outcome outcome) {
            Job job = Fixtures.job("md", revision, generation, "Failed");
            jobs.add(job);
            pods.add(Fixtures.pod(job, OptimizationSummary.failure(outcome, "it failed").toTerminationMessage(),
                    outcome.exitCode()));
            return this;
        }

        Builder remembered(String revision, long generation, Outcome outcome) {
            remembered = new OptimizationStatus();
            remembered.revision = revision;
            remembered.jobName = "md-opt-" + revision + "-" + generation;
            remembered.generation = generation;
            remembered.outcome = outcome.name();
            remembered.artifactPath = outcome == Outcome.Succeeded ? "models/md/" + revision + "/model.onnx" : null;
            return this;
        }
    }

    static Expected expect(boolean start, Outcome outcome, boolean running, String stable, String deploy, Track track,
                           String scaled, List<String> deleted, String service) {
        return new Expected(start, outcome, running, stable, deploy, track, scaled, deleted, service, false, List.of());
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("new: start the optimization", b -> { },
                        expect(true, null, true, null, null, null, null, List.of(), null)),
                new Row("job running: wait", b -> b.jobs.add(Fixtures.job("md", b.r, 1, null)),
                        expect(false, null, true, null, null, null, null, List.of(), null)),
                new Row("job succeeded: first revision is stable at once", b -> b.succeededJob(b.r, 1),
                        expect(false, Outcome.Succeeded, false, "R", "R", Track.stable, null, List.of(), "R")),
                new Row("job missed goals: stop, no retry in the same generation",
                        b -> b.failedJob(b.r, 1, Outcome.GoalsNotMet),
                        expect(false, Outcome.GoalsNotMet, false, null, null, null, null, List.of(), null)),
                new Row("failed in an older generation: retry", b -> {
                    b.generation = 2;
                    b.failedJob(b.r, 1, Outcome.ModelUnavailable);
                }, expect(true, null, true, null, null, null, null, List.of(), null)),
                new Row("job gone, success remembered: deploy, do not re-run",
                        b -> b.remembered(b.r, 1, Outcome.Succeeded),
                        expect(false, Outcome.Succeeded, false, "R", "R", Track.stable, null, List.of(), "R")),
                new Row("job gone, failure remembered in this generation: stay failed",
                        b -> b.remembered(b.r, 1, Outcome.Failed),
                        expect(false, Outcome.Failed, false, null, null, null, null, List.of(), null)),
                new Row("serving OLD, optimizing R: OLD keeps serving, scaled to spec", b -> {
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.jobs.add(Fixtures.job("md", b.r, 1, null));
                }, expect(false, null, true, OLD, null, null, "md-" + OLD, List.of(), OLD)),
                new Row("serving OLD, R optimized: R comes up beside it as canary", b -> {
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.succeededJob(b.r, 1);
                }, expect(false, Outcome.Succeeded, false, OLD, "R", Track.canary, "md-" + OLD, List.of(), OLD)),
                new Row("serving OLD, R partly ready: no takeover yet", b -> {
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.deployments.add(Fixtures.deployment("md", b.r, 2, 1));
                    b.succeededJob(b.r, 1);
                }, expect(false, Outcome.Succeeded, false, OLD, "R", Track.canary, "md-" + OLD, List.of(), OLD)),
                new Row("serving OLD, R fully ready: R takes over, OLD goes", b -> {
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.deployments.add(Fixtures.deployment("md", b.r, 2, 2));
                    b.succeededJob(b.r, 1);
                }, expect(false, Outcome.Succeeded, false, "R", "R", Track.stable, null, List.of("md-" + OLD), "R")),
                new Row("serving OLD, R failed: OLD keeps serving", b -> {
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.failedJob(b.r, 1, Outcome.Failed);
                }, expect(false, Outcome.Failed, false, OLD, null, null, "md-" + OLD, List.of(), OLD)),
                new Row("an abandoned revision's Deployment is removed", b -> {
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.deployments.add(Fixtures.deployment("md", ABANDONED, 2, 0));
                    b.jobs.add(Fixtures.job("md", b.r, 1, null));
                }, expect(false, null, true, OLD, null, null, "md-" + OLD, List.of("md-" + ABANDONED), OLD)),
                new Row("invalid spec while serving: nothing at all", b -> {
                    b.invalid = true;
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.deployments.add(Fixtures.deployment("md", ABANDONED, 2, 0));
                    b.jobs.add(Fixtures.job("md", ABANDONED, 1, null));
                }, new Expected(false, null, false, OLD, null, null, null, List.of(), null, true, List.of())),
                new Row("back to the serving revision after its Job and status moved on: no re-optimization", b -> {
                    b.stable = b.r;
                    b.remembered(OLD, 1, Outcome.Succeeded);
                    Deployment serving = Fixtures.deployment("md", b.r, 2, 2);
                    serving.getMetadata().setAnnotations(java.util.Map.of(
                            dev.kiln.operator.resources.ServingDeploymentBuilder.ARTIFACT_PATH,
                            "models/md/" + b.r + "/model.onnx"));
                    b.deployments.add(serving);
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 1));
                }, expect(false, Outcome.Succeeded, false, "R", "R", Track.stable, null, List.of("md-" + OLD), "R")),
                new Row("spec moved on: the running Job of the older revision is cancelled, finished ones stay", b -> {
                    b.generation = 2;
                    b.stable = OLD;
                    b.deployments.add(Fixtures.deployment("md", OLD, 2, 2));
                    b.jobs.add(Fixtures.job("md", OLD, 1, "Complete"));
                    b.jobs.add(Fixtures.job("md", ABANDONED, 1, null));
                }, new Expected(true, null, true, OLD, null, null, "md-" + OLD, List.of(), OLD, false,
                        List.of("md-opt-" + ABANDONED + "-1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        ModelDeployment md = Fixtures.md("md");
        String r = RevisionHash.of(md.getSpec());
        Builder b = new Builder(r);
        row.situation().accept(b);
        md.getMetadata().setGeneration(b.generation);
        md.setStatus(new ModelDeploymentStatus());
        md.getStatus().stableRevision = b.stable;
        md.getStatus().optimization = b.remembered;
        if (b.invalid) {
            md.getSpec().serving.accelerator = "tpu";
        }
        ObservedState observed = new ObservedState(b.jobs, b.pods, b.deployments, List.of());

        Decision decision = new Planner("runtime:test").plan(md, observed, NOW);

        Expected e = row.expected();
        assertThat(decision.isInvalid()).as("invalid").isEqualTo(e.invalid());
        assertThat(decision.startOptimization()).as("start").isEqualTo(e.start());
        if (!e.invalid()) {
            assertThat(decision.optimization().isRunning()).as("running").isEqualTo(e.running());
            assertThat(decision.optimization().outcome()).as("outcome").isEqualTo(e.outcome());
        }
        assertThat(decision.stableRevision()).as("stable").isEqualTo(resolve(e.stable(), r));
        assertThat(decision.deploy().map(Decision.ServingRevision::revision).orElse(null)).as("deploy")
                .isEqualTo(resolve(e.deploy(), r));
        assertThat(decision.deploy().map(Decision.ServingRevision::track).orElse(null)).as("track").isEqualTo(e.track());
        assertThat(decision.scaleStable().map(Decision.StableScale::deploymentName).orElse(null)).as("scaled")
                .isEqualTo(e.scaled());
        decision.scaleStable().ifPresent(s -> assertThat(s.replicas()).isEqualTo(2));
        assertThat(decision.deleteDeployments()).as("deleted").containsExactlyInAnyOrderElementsOf(e.deleted());
        assertThat(decision.serviceRevision().orElse(null)).as("service").isEqualTo(resolve(e.service(), r));
        assertThat(decision.cancelJobs()).as("cancelled").containsExactlyElementsOf(e.cancelled());
        decision.deploy().ifPresent(d -> assertThat(d.modelFile()).isEqualTo("models/md/" + r + "/model.onnx"));
    }

    private static String resolve(String expected, String r) {
        return "R".equals(expected) ? r : expected;
    }
}
