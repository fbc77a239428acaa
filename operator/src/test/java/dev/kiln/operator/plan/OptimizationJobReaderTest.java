package dev.kiln.operator.plan;

import dev.kiln.contract.OptimizationSummary;
import dev.kiln.contract.Outcome;
import dev.kiln.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OptimizationJobReaderTest {

    static final String DIR = "models/md/rev";

    @Test
    void aRunningJobIsRunningEvenAfterAFailedPodThatWillBeRetried() {
        Job job = Fixtures.job("md", "rev", 3, null);
        OptimizationProgress progress = OptimizationJobReader.read(job, List.of(Fixtures.pod(job, "boom", 1)), DIR);
        assertThat(progress.isRunning()).isTrue();
        assertThat(progress.generation()).isEqualTo(3);
    }

    @Test
    void aSucceededJobGivesTheSummaryAndTheArtifactOnTheVolume() {
        Job job = Fixtures.job("md", "rev", 1, "Complete");
        OptimizationProgress progress = OptimizationJobReader.read(job,
                List.of(Fixtures.pod(job, Fixtures.sampleSummary(), 0)), DIR);
        assertThat(progress.isServable()).isTrue();
        assertThat(progress.artifactPath()).isEqualTo("models/md/rev/model.onnx");
        assertThat(progress.artifactDigest()).hasSize(64);
        assertThat(progress.summary().variants()).hasSize(3);
    }

    @Test
    void aSucceededJobWithoutSummaryIsAFailureThatSaysSo() {
        Job job = Fixtures.job("md", "rev", 1, "Complete");
        OptimizationProgress progress = OptimizationJobReader.read(job, List.of(Fixtures.pod(job, "", 0)), DIR);
        assertThat(progress.outcome()).isEqualTo(Outcome.Failed);
        assertThat(progress.message()).contains("left no optimization summary");
    }

    @Test
    void theSummarysOutcomeDecidesTheFailure() {
        Job job = Fixtures.job("md", "rev", 1, "Failed");
        String summary = OptimizationSummary.failure(Outcome.GoalsNotMet, "p99 0.9 ms > 0.5 ms").toTerminationMessage();
        OptimizationProgress progress = OptimizationJobReader.read(job, List.of(Fixtures.pod(job, summary, 4)), DIR);
        assertThat(progress.outcome()).isEqualTo(Outcome.GoalsNotMet);
        assertThat(progress.message()).isEqualTo("p99 0.9 ms > 0.5 ms");
        assertThat(progress.isServable()).isFalse();
    }

    @Test
    void withoutSummaryTheExitCodeAndLogTailExplain() {
        Job job = Fixtures.job("md", "rev", 1, "Failed");
        OptimizationProgress progress = OptimizationJobReader.read(job,
                List.of(Fixtures.pod(job, "java.io.FileNotFoundException: /kiln/sources/models/x.onnx", 3)), DIR);
        assertThat(progress.outcome()).isEqualTo(Outcome.ModelUnavailable);
        assertThat(progress.message()).contains("FileNotFoundException");
    }

    @Test
    void withoutAnyPodTheJobConditionExplains() {
        Job job = Fixtures.job("md", "rev", 1, "Failed");
        OptimizationProgress progress = OptimizationJobReader.read(job, List.of(), DIR);
        assertThat(progress.outcome()).isEqualTo(Outcome.Failed);
        assertThat(progress.message()).contains("BackoffLimitExceeded");
    }

    @Test
    void theNewestPodsTerminationCounts() {
        Job job = Fixtures.job("md", "rev", 1, "Complete");
        Pod older = new PodBuilder(Fixtures.pod(job, "crash", 1)).editMetadata().withName("older")
                .withCreationTimestamp("2026-11-29T05:00:00Z").endMetadata().build();
        Pod newer = Fixtures.pod(job, Fixtures.sampleSummary(), 0);
        assertThat(OptimizationJobReader.read(job, List.of(older, newer), DIR).isServable()).isTrue();
    }
}
