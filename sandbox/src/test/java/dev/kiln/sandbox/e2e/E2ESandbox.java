package dev.kiln.sandbox.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.SandboxFixture;
import dev.kiln.sandbox.SandboxStack;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import dev.kiln.sandbox.nodes.NodeInventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    JsonNode get(String path) throws Exception {
        ApiResponse response = api().call("GET", path, null, null);
        if (!response.ok()) {
            throw new AssertionError("GET " + path + " answered HTTP " + response.code() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Polls {@code path} until {@code condition} holds; the failure shows the last object and the operator log's tail. */
    JsonNode await(String path, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            ApiResponse response = api().call("GET", path, null, null);
            if (response.ok()) {
                last = JSON.readTree(response.body());
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + path + "\nlast seen: " + last
                + "\noperator log " + stack.operator().log() + " ends with:\n" + tail(stack.operator().log()));
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
