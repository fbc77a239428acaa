package dev.kiln.operator.resources;

import dev.kiln.contract.OptimizationPlan;
import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ArtifactCompression;
import dev.kiln.operator.api.CandidateModel;
import dev.kiln.operator.api.DataSource;
import dev.kiln.operator.api.Goals;
import dev.kiln.operator.api.ModelDeploymentSpec;
import dev.kiln.operator.api.OptimizationPass;
import dev.kiln.operator.api.Preprocessing;
import dev.kiln.operator.revision.RevisionHash;
import dev.kiln.operator.target.ServingTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OptimizationPlanBuilderTest {

    @Test
    void specBecomesThePlanWithMountedPaths() {
        ModelDeploymentSpec spec = Fixtures.md("md").getSpec();
        spec.model.sha256 = "a".repeat(64);
        CandidateModel student = new CandidateModel();
        student.name = "student";
        student.uri = "https://models.example.com/student.onnx";
        spec.candidates = List.of(student);
        spec.optimization.passes = List.of(OptimizationPass.GRAPH, OptimizationPass.INT8_STATIC);
        spec.optimization.calibration = new DataSource();
        spec.optimization.calibration.uri = "pvc://data/calibration";
        spec.optimization.calibration.format = DataSource.Format.IMAGE_FOLDER;
        spec.optimization.calibration.limit = 200;
        spec.optimization.calibration.preprocessing = new Preprocessing();
        spec.optimization.calibration.preprocessing.resize = new Preprocessing.Resize();
        spec.optimization.calibration.preprocessing.resize.width = 192;
        spec.optimization.calibration.preprocessing.resize.height = 48;
        spec.optimization.calibration.preprocessing.resize.mode = Preprocessing.ResizeMode.FIT_PAD;
        spec.optimization.calibration.preprocessing.mean = List.of(0.5, 0.5, 0.5);
        spec.optimization.calibration.preprocessing.std = List.of(0.5, 0.5, 0.5);
        spec.optimization.calibration.preprocessing.channelOrder = Preprocessing.ChannelOrder.BGR;
        spec.optimization.validation = new DataSource();
        spec.optimization.validation.uri = "pvc://data/validation.npy";
        spec.optimization.validation.labelsUri = "pvc://labels/validation-labels.npy";
        spec.optimization.validation.format = DataSource.Format.NPY;
        spec.optimization.goals = new Goals();
        spec.optimization.goals.maxAccuracyDrop = 0.01;
        spec.optimization.goals.objective = Goals.Objective.SIZE;
        spec.serving.threads = 1;

        OptimizationPlan plan = OptimizationPlanBuilder.build(spec, ServingTarget.cpu("img"));

        assertThat(plan.apiVersion()).isEqualTo(OptimizationPlan.API_VERSION);
        assertThat(plan.model().uri()).isEqualTo("/kiln/sources/models/ppocr/cls.onnx");
        assertThat(plan.model().sha256()).isEqualTo("a".repeat(64));
        assertThat(plan.candidates()).singleElement()
                .satisfies(c -> assertThat(c.uri()).isEqualTo("https://models.example.com/student.onnx"));
        assertThat(plan.passes()).containsExactly("graph", "int8-static");
        assertThat(plan.calibration().uri()).isEqualTo("/kiln/sources/data/calibration");
        assertThat(plan.calibration().format()).isEqualTo("image-folder");
        assertThat(plan.calibration().limit()).isEqualTo(200);
        assertThat(plan.calibration().preprocessing().resize().mode()).isEqualTo("fit-pad");
        assertThat(plan.calibration().preprocessing().channelOrder()).isEqualTo("BGR");
        assertThat(plan.calibration().preprocessing().layout()).isEqualTo("NCHW");
        assertThat(plan.validation().format()).isEqualTo("npy");
        assertThat(plan.validation().labels()).isEqualTo("/kiln/sources/labels/validation-labels.npy");
        assertThat(plan.goals().objective()).isEqualTo("size");
        assertThat(plan.goals().latencyPercentile()).isEqualTo(99);
        assertThat(plan.executionProvider()).isEqualTo("cpu");
        assertThat(plan.threads()).isEqualTo(1);
        assertThat(OptimizationPlanBuilder.sourceClaims(spec)).containsExactly("models", "data", "labels");
        assertThat(plan.artifactCompression()).as("the spec's default").isEqualTo("none");
    }

    @Test
    void artifactCompressionReachesThePlanAndTheRevision() {
        ModelDeploymentSpec spec = Fixtures.md("md").getSpec();
        String uncompressedRevision = RevisionHash.of(spec);
        spec.optimization.artifactCompression = ArtifactCompression.GZIP;

        OptimizationPlan plan = OptimizationPlanBuilder.build(spec, ServingTarget.cpu("img"));

        assertThat(plan.artifactCompression()).isEqualTo("gzip");
        assertThat(RevisionHash.of(spec)).as("a new artifact means a new revision").isNotEqualTo(uncompressedRevision);
    }
}
