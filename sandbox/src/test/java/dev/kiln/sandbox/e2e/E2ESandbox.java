package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.ApiPolls;
import dev.kiln.sandbox.SandboxFixture;
import dev.kiln.sandbox.SandboxStack;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import dev.kiln.sandbox.load.LoadGenerator;
import dev.kiln.sandbox.load.SampleSet;
import dev.kiln.sandbox.nodes.NodeInventory;
import dev.kiln.sandbox.process.ChildProcess;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The whole sandbox for an end-to-end scenario: {@code up}'s stack with the packaged operator and runtime
 * (system properties kiln.operator.jar and kiln.runtime.jar, set by failsafe to the reactor's target folders).
 */
final class E2ESandbox implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxStack stack;

    private E2ESandbox(SandboxStack stack) {
        this.stack = stack;
    }

    static E2ESandbox start(Path workDir) {
        return new E2ESandbox(SandboxStack.start(new SandboxStack.Settings(0, 0, SandboxFixture.crdsDir(),
                SandboxFixture.examplesDir(), NodeInventory.defaults(), workDir.resolve("kubeconfig"),
                dataDir(workDir), jar("kiln.operator.jar", "operator"), "kiln-runtime:0.1.0", runtimeJar()), line -> { }));
    }

    static Path dataDir(Path workDir) {
        return workDir.resolve("data");
    }

    /** The folder standing for PersistentVolumeClaim {@code claim} in namespace default. */
    static Path claim(Path workDir, String claim) {
        return dataDir(workDir).resolve("pvc").resolve("default").resolve(claim);
    }

    static Path runtimeJar() {
        return jar("kiln.runtime.jar", "runtime-image");
    }

    /** The real PP-OCR text-orientation classifier, cached by build-tools/fetch-models.sh. */
    static Path textOrientationModel() {
        Path cache = Path.of(System.getProperty("kiln.model.cache",
                System.getProperty("user.home") + "/.cache/kiln/models"));
        Path model = cache.resolve("ch_ppocr_mobile_v2.0_cls_infer.onnx");
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException(model + " not found: run build-tools/fetch-models.sh (the runtime-image "
                    + "build runs it) before the e2e tests");
        }
        return model;
    }

    private static Path jar(String property, String module) {
        String value = System.getProperty(property);
        Path jar = Path.of(value == null ? "../" + module + "/target/quarkus-app/quarkus-run.jar" : value);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: the e2e tests run the packaged " + module
                    + "; run them with 'mvn -B -pl sandbox -am verify' (or the whole build)");
        }
        return jar;
    }

    SandboxApiServer api() {
        return stack.cluster().apiServer();
    }

    String gateway() {
        return stack.gateway().url();
    }

    /** A JSON merge patch, as {@code kubectl patch --type merge} sends it. */
    JsonNode mergePatch(String path, String patch) throws Exception {
        ApiResponse response = api().call("PATCH", path, "application/merge-patch+json", patch);
        if (!response.ok()) {
            throw new AssertionError("PATCH " + path + " answered HTTP " + response.code() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** SIGKILL to the operator, then the same operator started again; returns once it logged its start. */
    void restartOperator() {
        stack.restartOperator();
    }

    /** The load generator through this sandbox's gateway to ModelDeployment default/{@code name}. */
    LoadGenerator load(String name, List<SampleSet.Sample> samples, double rate) {
        return LoadGenerator.start(new LoadGenerator.Settings(URI.create(gateway()), name, "default/" + name, rate, null,
                32, Duration.ofSeconds(10)), samples);
    }

    JsonNode get(String path) throws Exception {
        ApiResponse response = api().call("GET", path, null, null);
        if (!response.ok()) {
            throw new AssertionError("GET " + path + " answered HTTP " + response.code() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Polls {@code path} until {@code condition} holds; the failure shows the last object and the operator log's tail. */
    JsonNode await(String path, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        return ApiPolls.await(api(), path, condition, timeout, () -> "\npods: " + podSummary() + "\noperator log "
                + stack.operator().log() + " ends with:\n" + tail(stack.operator().log()));
    }

    /** Each pod's name, phase and container state, for failure messages. */
    private String podSummary() {
        try {
            StringBuilder text = new StringBuilder();
            for (JsonNode pod : get("/api/v1/pods").path("items")) {
                text.append("\n  ").append(pod.at("/metadata/name").asText()).append(' ')
                        .append(pod.at("/status/phase").asText()).append(' ')
                        .append(pod.at("/status/containerStatuses/0/state"));
            }
            return text.toString();
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Waits for the ModelDeployment's phase; gives up at once when it is Failed instead. */
    JsonNode awaitPhase(String name, String phase, Duration timeout) throws Exception {
        String path = "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments/" + name;
        JsonNode md = await(path, m -> phase.equals(m.at("/status/phase").asText())
                || "Failed".equals(m.at("/status/phase").asText()), timeout);
        if (!phase.equals(md.at("/status/phase").asText())) {
            throw new AssertionError("ModelDeployment " + name + " is Failed, not " + phase + ": " + md.path("status"));
        }
        return md;
    }

    /** A generated text-orientation set (0/ upright, 1/ turned lines) written by the runtime's dataset command. */
    static void generateTextOrientationSet(Path out, Path workDir) throws Exception {
        try (ChildProcess generator = ChildProcess.start(List.of(ChildProcess.javaExecutable(), "-jar",
                runtimeJar().toAbsolutePath().toString(), "dataset", "text-orientation", "--out", out.toString(),
                "--count", "60"), Map.of(), workDir, workDir.resolve("dataset.log"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (generator.alive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!Integer.valueOf(0).equals(generator.exitCode())) {
                throw new AssertionError("dataset text-orientation failed: " + generator.logTail(2000));
            }
        }
    }

    /** The optimization section validating on that set, with PaddleOCR's preprocessing for the classifier. */
    static final String TEXT_ORIENTATION_OPTIMIZATION = """
            {"passes": ["auto"],
             "validation": {"uri": "pvc://datasets/textdir", "format": "image-folder",
               "preprocessing": {"resize": {"width": 192, "height": 48, "mode": "fit-pad"},
                 "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "channelOrder": "BGR", "layout": "NCHW"}},
             "goals": {"maxAccuracyDrop": 0.05}}""";

    /** The real model on claim "models" (cls.onnx) and the generated set on claim "datasets" (textdir/). */
    static Path prepareModelAndDataset(Path workDir) throws Exception {
        Files.createDirectories(claim(workDir, "models"));
        Files.copy(textOrientationModel(), claim(workDir, "models").resolve("cls.onnx"));
        Path dataset = claim(workDir, "datasets").resolve("textdir");
        generateTextOrientationSet(dataset, workDir);
        return dataset;
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 3000));
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
