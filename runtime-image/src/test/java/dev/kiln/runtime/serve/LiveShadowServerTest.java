package dev.kiln.runtime.serve;

import dev.kiln.contract.RuntimeContract.Metrics;
import dev.kiln.contract.ShadowSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.kiln.runtime.serve.ServerTestSupport.awaitReady;
import static dev.kiln.runtime.serve.ServerTestSupport.metric;
import static dev.kiln.runtime.serve.ServerTestSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirroring turned on, changed and off while the server runs, through a settings file laid out like a mounted
 * ConfigMap (key -> ..data/key, ..data swapped atomically), against a second server.
 */
@QuarkusTest
@TestProfile(LiveShadowServerTest.Profile.class)
class LiveShadowServerTest {

    static final Path VOLUME = createVolume();

    private static Path createVolume() {
        try {
            Path volume = Files.createTempDirectory("kiln-shadow-volume");
            Files.createSymbolicLink(volume.resolve(ShadowSettings.FILE_KEY), Path.of("..data", ShadowSettings.FILE_KEY));
            return volume;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The canary's URL is also set as the static url, but with the static fraction 0 nothing is mirrored
            // until the file says so.
            return Map.of("kiln.serve.model", TestModels.classifier("live-shadow-primary.onnx", 1).toString(),
                    "kiln.serve.name", "tiny",
                    "kiln.serve.max-batch", "1",
                    "kiln.serve.shadow.config-file", VOLUME.resolve(ShadowSettings.FILE_KEY).toString(),
                    "kiln.serve.shadow.config-poll", "100ms",
                    "kiln.serve.shadow.max-in-flight", "4",
                    "kiln.serve.shadow.timeout", "5s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CanaryServer.class));
        }
    }

    private int version;

    @BeforeEach
    void ready() {
        awaitReady();
        CanaryServer.mode = CanaryServer.Mode.FAITHFUL;
    }

    @AfterEach
    void off() {
        publish(ShadowSettings.OFF);
        awaitFraction(0);
    }

    private static URI canary() {
        return URI.create(ConfigProvider.getConfig().getValue("kiln.serve.shadow.url", String.class));
    }

    @Test
    void mirroringStartsAndStopsWithoutARestart() {
        // Off: no file yet (the static fraction is 0), or the file of the previous test says off.
        int receivedBefore = CanaryServer.received.get();
        postJson("tiny", ShadowServerTest.REQUEST).then().statusCode(200);
        assertThat(fraction()).isEqualTo(0);

        publish(new ShadowSettings(canary(), 1.0));
        awaitFraction(1.0);
        double agree = ShadowServerTest.shadow("agree");
        postJson("tiny", ShadowServerTest.REQUEST).then().statusCode(200);
        ShadowServerTest.awaitCount("agree", agree + 1);
        assertThat(CanaryServer.received.get()).isEqualTo(receivedBefore + 1);

        CanaryServer.mode = CanaryServer.Mode.SWAPPED_CLASSES;
        double disagree = ShadowServerTest.shadow("disagree");
        postJson("tiny", ShadowServerTest.REQUEST).then().statusCode(200);
        ShadowServerTest.awaitCount("disagree", disagree + 1);

        publish(ShadowSettings.OFF);
        awaitFraction(0);
        int receivedWhenOff = CanaryServer.received.get();
        double comparisons = ShadowServerTest.shadow("agree") + ShadowServerTest.shadow("disagree");
        for (int i = 0; i < 3; i++) {
            postJson("tiny", ShadowServerTest.REQUEST).then().statusCode(200);
        }
        ServerTestSupport.sleep(300);
        assertThat(CanaryServer.received.get()).isEqualTo(receivedWhenOff);
        assertThat(ShadowServerTest.shadow("agree") + ShadowServerTest.shadow("disagree")).isEqualTo(comparisons);
    }

    @Test
    void anUnreachableCanaryCountsErrorsAndTheFractionCanChange() {
        publish(new ShadowSettings(URI.create("http://127.0.0.1:9/"), 1.0));
        awaitFraction(1.0);
        double errors = ShadowServerTest.shadow("error");
        postJson("tiny", ShadowServerTest.REQUEST).then().statusCode(200);
        ShadowServerTest.awaitCount("error", errors + 1);

        publish(new ShadowSettings(canary(), 0.5));
        awaitFraction(0.5);
    }

    /** The test server runs revision "unknown" (no KILN_REVISION): settings for another revision leave it off. */
    @Test
    void onlyTheNamedRevisionMirrors() {
        publish(new ShadowSettings(canary(), 1.0, "unknown"));
        awaitFraction(1.0);
        publish(new ShadowSettings(canary(), 1.0, "some-other-revision"));
        awaitFraction(0);
    }

    @Test
    void anInvalidFileTurnsMirroringOff() {
        publish(new ShadowSettings(canary(), 1.0));
        awaitFraction(1.0);
        publishRaw("{\"url\":\"" + canary() + "\",\"fraction\":3}");
        awaitFraction(0);
    }

    private static double fraction() {
        return metric(Metrics.SHADOW_FRACTION, "model=\"tiny\"");
    }

    /** The watcher polls every 100 ms; the gauge says when the new settings are in force. */
    private static void awaitFraction(double expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fraction() != expected && System.nanoTime() < deadline) {
            ServerTestSupport.sleep(50);
        }
        assertThat(fraction()).as("mirrored fraction").isEqualTo(expected);
    }

    private void publish(ShadowSettings settings) {
        publishRaw(settings.toJson());
    }

    /** Writes a new version folder and swaps ..data to it in one rename, as the kubelet does. */
    private void publishRaw(String content) {
        try {
            String name = "..v" + System.nanoTime() + "-" + version++;
            Path dir = Files.createDirectory(VOLUME.resolve(name));
            Files.writeString(dir.resolve(ShadowSettings.FILE_KEY), content);
            Path temporary = VOLUME.resolve("..data_tmp");
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, Path.of(name));
            Files.move(temporary, VOLUME.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
