package dev.kiln.operator.resources;

import dev.kiln.contract.DataSet;
import dev.kiln.contract.Goals;
import dev.kiln.contract.ModelSource;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.contract.Preprocessing;
import dev.kiln.operator.api.ArtifactCompression;
import dev.kiln.operator.api.CandidateModel;
import dev.kiln.operator.api.DataSource;
import dev.kiln.operator.api.ModelDeploymentSpec;
import dev.kiln.operator.api.OptimizationPass;
import dev.kiln.operator.api.OptimizationSpec;
import dev.kiln.operator.target.ServingTarget;
import dev.kiln.operator.validation.StorageUri;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes spec.optimization as the optimizer's plan. {@code pvc://<claim>/<path>} references become paths under
 * {@link #SOURCES_MOUNT}, where the Job mounts each claim read-only; https URLs stay as they are.
 */
public final class OptimizationPlanBuilder {

    public static final String SOURCES_MOUNT = "/kiln/sources";

    private OptimizationPlanBuilder() {
    }

    public static OptimizationPlan build(ModelDeploymentSpec spec, ServingTarget target) {
        List<ModelSource> candidates = new ArrayList<>();
        for (CandidateModel candidate : spec.candidates == null ? List.<CandidateModel>of() : spec.candidates) {
            candidates.add(new ModelSource(candidate.name, local(candidate.uri), candidate.sha256));
        }
        OptimizationSpec optimization = spec.optimization == null ? new OptimizationSpec() : spec.optimization;
        List<String> passes = optimization.passes == null ? List.of()
                : optimization.passes.stream().map(OptimizationPass::wireName).toList();
        Integer threads = spec.serving == null ? null : spec.serving.threads;
        // The class decides what auto tries (FP16 on GPUs, INT8 on CPUs and NPUs) and where latency is measured.
        return target.optimization().applyTo(new OptimizationPlan(OptimizationPlan.API_VERSION,
                new ModelSource(spec.model.name, local(spec.model.uri), spec.model.sha256),
                candidates, passes, dataSet(optimization.calibration), dataSet(optimization.validation),
                goals(optimization.goals), null, threads, null, compression(optimization.artifactCompression)));
    }

    private static String compression(ArtifactCompression compression) {
        return compression == null ? null : compression.wireName();
    }

    /** Every claim the plan reads from, in a stable order; the Job mounts each one. */
    public static Set<String> sourceClaims(ModelDeploymentSpec spec) {
        Set<String> claims = new LinkedHashSet<>();
        List<String> uris = new ArrayList<>();
        uris.add(spec.model.uri);
        if (spec.candidates != null) {
            spec.candidates.forEach(c -> uris.add(c.uri));
        }
        if (spec.optimization != null) {
            for (DataSource data : new DataSource[] {spec.optimization.calibration, spec.optimization.validation}) {
                if (data != null) {
                    uris.add(data.uri);
                    uris.add(data.labelsUri);
                }
            }
        }
        uris.forEach(uri -> StorageUri.parse(uri).ifPresent(parsed -> claims.add(parsed.claim())));
        return claims;
    }

    /** Where a model or data reference is seen from inside the Job. */
    public static String local(String uri) {
        if (uri == null) {
            return null;
        }
        return StorageUri.parse(uri)
                .map(parsed -> SOURCES_MOUNT + "/" + parsed.claim() + "/" + parsed.path())
                .orElse(uri);
    }

    private static DataSet dataSet(DataSource data) {
        if (data == null) {
            return null;
        }
        String format = data.format == DataSource.Format.NPY ? DataSet.NPY : DataSet.IMAGE_FOLDER;
        return new DataSet(local(data.uri), format, local(data.labelsUri), preprocessing(data.preprocessing), data.limit);
    }

    private static Preprocessing preprocessing(dev.kiln.operator.api.Preprocessing p) {
        if (p == null) {
            return null;
        }
        String mode = switch (p.resize.mode == null ? dev.kiln.operator.api.Preprocessing.ResizeMode.STRETCH : p.resize.mode) {
            case STRETCH -> Preprocessing.Resize.STRETCH;
            case FIT_PAD -> Preprocessing.Resize.FIT_PAD;
            case SHORTER_SIDE -> Preprocessing.Resize.SHORTER_SIDE;
        };
        Preprocessing.Crop crop = p.crop == null ? null : new Preprocessing.Crop(p.crop.width, p.crop.height);
        return new Preprocessing(new Preprocessing.Resize(p.resize.width, p.resize.height, mode), crop, p.mean, p.std,
                p.channelOrder == null ? Preprocessing.RGB : p.channelOrder.name(),
                p.layout == null ? Preprocessing.NCHW : p.layout.name());
    }

    private static Goals goals(dev.kiln.operator.api.Goals goals) {
        if (goals == null) {
            return null;
        }
        String objective = goals.objective == dev.kiln.operator.api.Goals.Objective.SIZE ? Goals.SIZE : Goals.LATENCY;
        return new Goals(goals.maxAccuracyDrop, goals.maxLatencyMillis, goals.latencyPercentile, goals.maxSizeBytes,
                objective);
    }
}
