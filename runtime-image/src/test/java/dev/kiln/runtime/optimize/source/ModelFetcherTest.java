package dev.kiln.runtime.optimize.source;

import com.sun.net.httpserver.HttpServer;
import dev.kiln.contract.ModelSource;
import dev.kiln.contract.Outcome;
import dev.kiln.runtime.optimize.OptimizeException;
import dev.kiln.runtime.optimize.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFetcherTest {

    @TempDir
    Path dir;

    private ModelFetcher fetcher() {
        return new ModelFetcher(dir.resolve("downloads"), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void localModelIsParsedAndDigested() throws Exception {
        Path file = TestModels.write(TestModels.mlp(1, 4, 3), dir.resolve("mlp.onnx"));

        LoadedModel model = fetcher().fetch(new ModelSource(null, file.toString(), Digests.sha256(file)), "model");

        assertThat(model.name()).isEqualTo("mlp");
        assertThat(model.input().name()).isEqualTo("x");
        assertThat(model.input().dims()).containsExactly(-1, 4);
        assertThat(model.sizeBytes()).isEqualTo(Files.size(file));
    }

    @Test
    void unavailableModelsSayWhy() throws Exception {
        Path file = TestModels.write(TestModels.mlp(1, 4, 3), dir.resolve("mlp.onnx"));
        Path text = Files.writeString(dir.resolve("notes.onnx"), "these are not the weights you are looking for");

        assertUnavailable(() -> fetcher().fetch(new ModelSource("m", dir.resolve("gone.onnx").toString(), null), "model"),
                "model.uri", "gone.onnx", "does not exist");
        assertUnavailable(() -> fetcher().fetch(new ModelSource("m", file.toString(), "ab".repeat(32)), "candidates[1]"),
                "candidates[1].sha256", "expected " + "ab".repeat(32));
        assertUnavailable(() -> fetcher().fetch(new ModelSource("m", text.toString(), null), "model"),
                "notes.onnx", "not an ONNX model");
    }

    @Test
    void downloadsOverHttpFromLoopbackAndChecksTheDigest() throws Exception {
        Path file = TestModels.write(TestModels.mlp(2, 4, 3), dir.resolve("served.onnx"));
        byte[] body = Files.readAllBytes(file);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/served.onnx", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            LoadedModel model = fetcher().fetch(new ModelSource(null, base + "/models/served.onnx",
                    Digests.sha256(file)), "model");

            assertThat(model.name()).isEqualTo("served");
            assertThat(model.file()).startsWith(dir.resolve("downloads"));
            assertThat(Files.readAllBytes(model.file())).isEqualTo(body);
            assertUnavailable(() -> fetcher().fetch(new ModelSource("x", base + "/missing.onnx", null), "model"),
                    "model.uri", "HTTP 404");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void plainHttpToOtherHostsIsRefused() {
        assertThatThrownBy(() -> fetcher().fetch(new ModelSource("m", "http://models.invalid/m.onnx", null), "model"))
                .isInstanceOfSatisfying(OptimizeException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(Outcome.InvalidInput);
                    assertThat(e.getMessage()).contains("model.uri").contains("use https");
                });
    }

    private static void assertUnavailable(Runnable r, String... fragments) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(OptimizeException.class, e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.ModelUnavailable);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }
}
