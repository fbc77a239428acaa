package dev.kiln.runtime.optimize;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.contract.Contracts;
import dev.kiln.contract.DataSet;
import dev.kiln.contract.Goals;
import dev.kiln.contract.ModelSource;
import dev.kiln.contract.OptimizationPlan;
import dev.kiln.contract.Preprocessing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a plan file and lays the command-line flags over it: a flag that is given wins over the plan's value. */
public final class PlanResolver {

    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)(?::([a-z-]+))?");

    private PlanResolver() {
    }

    public static OptimizationPlan read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw OptimizeException.invalidInput("--plan: " + file + " does not exist");
        }
        try {
            OptimizationPlan plan = Contracts.mapper().readValue(Files.readString(file), OptimizationPlan.class);
            if (plan == null) {
                throw OptimizeException.invalidInput("--plan: " + file + " is empty; expected a JSON optimization plan");
            }
            return plan;
        } catch (JsonProcessingException e) {
            throw OptimizeException.invalidInput("--plan: " + file + " is not a valid optimization plan: "
                    + e.getOriginalMessage() + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw OptimizeException.invalidInput("--plan: cannot read " + file + ": " + e.getMessage());
        }
    }

    public static OptimizationPlan resolve(OptimizationPlan base, PlanFlags flags) {
        OptimizationPlan plan = base != null ? base
                : new OptimizationPlan(OptimizationPlan.API_VERSION, null, null, null, null, null, null, null, null, null,
                        null);
        ModelSource model = plan.model();
        if (flags.model() != null || flags.modelName() != null || flags.modelSha256() != null) {
            boolean newFile = flags.model() != null;
            model = new ModelSource(
                    or(flags.modelName(), model == null ? null : model.name()),
                    or(flags.model(), model == null ? null : model.uri()),
                    or(flags.modelSha256(), model == null || newFile ? null : model.sha256()));
        }
        List<ModelSource> candidates = plan.candidates();
        if (flags.candidates() != null && !flags.candidates().isEmpty()) {
            candidates = new ArrayList<>();
            for (Map.Entry<String, String> c : flags.candidates().entrySet()) {
                candidates.add(new ModelSource(c.getKey(), c.getValue(), null));
            }
        }
        Preprocessing preprocessingFlags = preprocessingFlags(flags);
        DataSet calibration = dataSet(plan.calibration(), flags.calibration(), flags.calibrationLabels(),
                flags.calibrationLimit(), preprocessingFlags);
        DataSet validation = dataSet(plan.validation(), flags.validation(), flags.validationLabels(),
                flags.validationLimit(), preprocessingFlags);
        Goals g = plan.goals() == null ? new Goals(null, null, null, null, null) : plan.goals();
        Goals goals = new Goals(or(flags.maxAccuracyDrop(), g.maxAccuracyDrop()), or(flags.maxLatencyMillis(),
                g.maxLatencyMillis()), or(flags.latencyPercentile(), g.latencyPercentile()),
                or(flags.maxSizeBytes(), g.maxSizeBytes()), or(flags.objective(), g.objective()));
        return new OptimizationPlan(plan.apiVersion(), model, candidates,
                nonEmpty(flags.passes()) ? flags.passes() : plan.passes(), calibration, validation, goals,
                or(flags.executionProvider(), plan.executionProvider()), or(flags.threads(), plan.threads()),
                nonEmpty(flags.autoPasses()) ? flags.autoPasses() : plan.autoPasses(),
                or(flags.artifactCompression(), plan.artifactCompression()));
    }

    /** Parses {@code name=uri} of {@code --candidate}. */
    public static Map.Entry<String, String> candidate(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw OptimizeException.invalidInput("--candidate: '" + text + "' is not name=file (e.g. student=student.onnx)");
        }
        return Map.entry(text.substring(0, eq), text.substring(eq + 1));
    }

    private static DataSet dataSet(DataSet base, String uri, String labels, Integer limit, Preprocessing overrides) {
        if (base == null && uri == null) {
            return null;
        }
        String format = uri != null ? DataSetFormats.infer(uri) : base.format();
        Preprocessing pre = merge(base == null ? null : base.preprocessing(), overrides);
        return new DataSet(or(uri, base == null ? null : base.uri()), format,
                or(labels, base == null || uri != null ? null : base.labels()), pre,
                or(limit, base == null ? null : base.limit()));
    }

    private static Preprocessing preprocessingFlags(PlanFlags flags) {
        Preprocessing.Resize resize = null;
        if (flags.resize() != null) {
            Matcher m = SIZE.matcher(flags.resize());
            if (!m.matches()) {
                throw OptimizeException.invalidInput("--resize: '" + flags.resize() + "' is not WIDTHxHEIGHT[:mode], "
                        + "e.g. 192x48:fit-pad");
            }
            resize = new Preprocessing.Resize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? Preprocessing.Resize.STRETCH : m.group(3));
        }
        Preprocessing.Crop crop = null;
        if (flags.crop() != null) {
            Matcher m = SIZE.matcher(flags.crop());
            if (!m.matches() || m.group(3) != null) {
                throw OptimizeException.invalidInput("--crop: '" + flags.crop() + "' is not WIDTHxHEIGHT, e.g. 224x224");
            }
            crop = new Preprocessing.Crop(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if (resize == null && crop == null && flags.mean() == null && flags.std() == null && flags.channelOrder() == null
                && flags.layout() == null) {
            return null;
        }
        return new Preprocessing(resize, crop, flags.mean(), flags.std(), flags.channelOrder(), flags.layout());
    }

    private static Preprocessing merge(Preprocessing base, Preprocessing overrides) {
        if (overrides == null) {
            return base;
        }
        if (base == null) {
            return overrides;
        }
        return new Preprocessing(or(overrides.resize(), base.resize()), or(overrides.crop(), base.crop()),
                or(overrides.mean(), base.mean()), or(overrides.std(), base.std()),
                or(overrides.channelOrder(), base.channelOrder()), or(overrides.layout(), base.layout()));
    }

    private static boolean nonEmpty(List<String> values) {
        return values != null && !values.isEmpty();
    }

    private static <T> T or(T first, T second) {
        return first != null ? first : second;
    }

    /** The data set format a path implies. */
    static final class DataSetFormats {
        private DataSetFormats() {
        }

        static String infer(String uri) {
            return uri.toLowerCase(java.util.Locale.ROOT).endsWith(".npy") ? DataSet.NPY : DataSet.IMAGE_FOLDER;
        }
    }
}
