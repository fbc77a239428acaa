package dev.kiln.contract;

import java.util.List;

/**
 * What the operator asks the optimizer to do, written from {@code spec.optimization} as a file the Job
 * mounts ({@code optimize --plan <file>}).
 *
 * @param apiVersion        always {@link #API_VERSION}
 * @param model             the primary model; accuracy is measured against its float32 outputs
 * @param candidates        other models the optimizer may choose instead, such as a distilled student
 * @param passes            ordered passes ({@code graph}, {@code int8-dynamic}, {@code int8-static},
 *                          {@code fp16}, {@code prune}) or the single entry {@code auto}
 * @param calibration       data for static quantization
 * @param validation        data for accuracy and agreement
 * @param goals             bounds and objective for selection
 * @param executionProvider where latency is measured: {@code cpu}, {@code cuda}, ...
 * @param threads           intra-op threads used when measuring
 * @param autoPasses        the passes {@code auto} expands to, from the accelerator class; null means the
 *                          optimizer's own default for {@code executionProvider}
 * @param artifactCompression how the selected variant is stored: {@code none} (default, {@code model.onnx}) or
 *                          {@code gzip} ({@code model.onnx.gz}); size goals judge variants by their stored bytes
 */
public record OptimizationPlan(String apiVersion, ModelSource model, List<ModelSource> candidates,
                               List<String> passes, DataSet calibration, DataSet validation, Goals goals,
                               String executionProvider, Integer threads, List<String> autoPasses,
                               String artifactCompression) {

    public static final String API_VERSION = "kiln.dev/optimization-plan/v1";

    public static final List<String> KNOWN_PASSES =
            List.of("graph", "int8-dynamic", "int8-static", "fp16", "prune", "auto");

    public static final String COMPRESSION_NONE = "none";
    public static final String COMPRESSION_GZIP = "gzip";
    public static final List<String> KNOWN_COMPRESSIONS = List.of(COMPRESSION_NONE, COMPRESSION_GZIP);
}
