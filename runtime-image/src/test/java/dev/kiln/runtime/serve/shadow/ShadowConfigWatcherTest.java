package dev.kiln.runtime.serve.shadow;

import dev.kiln.contract.ShadowSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings file, read the way the watcher reads it, including a ConfigMap-style symbolic link swap. */
class ShadowConfigWatcherTest {

    private static final ShadowSettings STATIC = new ShadowSettings(URI.create("http://static:8080"), 0.5);
    private static final Path FILE = Path.of("shadow/shadow.json");

    @Test
    void anAbsentFileLeavesTheStaticSettings() {
        assertThat(ShadowConfigWatcher.resolve(FILE, "r1", Optional.empty(), STATIC).settings()).isEqualTo(STATIC);
    }

    @Test
    void aPresentFileOverridesTheStaticSettings() {
        ShadowConfigWatcher.Resolved resolved = ShadowConfigWatcher.resolve(FILE, "r1",
                Optional.of("{\"url\":\"http://canary:8080\",\"fraction\":0.2}"), STATIC);
        assertThat(resolved.settings()).isEqualTo(new ShadowSettings(URI.create("http://canary:8080"), 0.2));
        assertThat(ShadowConfigWatcher.resolve(FILE, "r1", Optional.of("{\"fraction\":0}"), STATIC).settings())
                .isEqualTo(ShadowSettings.OFF);
    }

    /** The canary's pods mount the same file: settings for the stable revision leave them off. */
    @Test
    void settingsForAnotherRevisionLeaveThisServerOff() {
        String forStable = "{\"url\":\"http://canary:8080\",\"fraction\":0.2,\"revision\":\"stable1\"}";
        ShadowConfigWatcher.Resolved canary = ShadowConfigWatcher.resolve(FILE, "canary1", Optional.of(forStable), STATIC);
        assertThat(canary.settings()).isEqualTo(ShadowSettings.OFF);
        assertThat(canary.source()).contains("revision stable1, this one is canary1");
        assertThat(ShadowConfigWatcher.resolve(FILE, "stable1", Optional.of(forStable), STATIC).settings().mirrors())
                .isTrue();
    }

    @Test
    void anInvalidFileTurnsMirroringOffAndSaysWhy() {
        ShadowConfigWatcher.Resolved resolved = ShadowConfigWatcher.resolve(FILE, "r1",
                Optional.of("{\"url\":\"http://canary:8080\",\"fraction\":2}"), STATIC);
        assertThat(resolved.valid()).isFalse();
        assertThat(resolved.settings()).isEqualTo(ShadowSettings.OFF);
        assertThat(resolved.source()).contains(FILE.toString()).contains("fraction must be between 0 and 1, got 2.0");
    }

    /** Kubernetes writes a ConfigMap volume as ..data -> ..<timestamp>/ and key -> ..data/key, then swaps ..data. */
    @Test
    void followsAConfigMapVolumeThroughItsAtomicSymlinkSwaps(@TempDir Path volume) throws IOException {
        Path file = volume.resolve(ShadowSettings.FILE_KEY);
        List<ShadowSettings> applied = new ArrayList<>();
        ShadowConfigWatcher watcher = new ShadowConfigWatcher(file, "r1", ShadowSettings.OFF, Duration.ofHours(1), applied::add);

        watcher.check();
        assertThat(applied).containsExactly(ShadowSettings.OFF);

        ShadowSettings on = new ShadowSettings(URI.create("http://m-canary.ns.svc:8080"), 0.25);
        publish(volume, "..v1", on.toJson());
        Files.createSymbolicLink(file, Path.of("..data", ShadowSettings.FILE_KEY));
        watcher.check();
        watcher.check();
        assertThat(applied).containsExactly(ShadowSettings.OFF, on);

        publish(volume, "..v2", ShadowSettings.OFF.toJson());
        watcher.check();
        assertThat(applied).containsExactly(ShadowSettings.OFF, on, ShadowSettings.OFF);

        // The same settings written again (a new ConfigMap version) change nothing.
        publish(volume, "..v3", "{\"fraction\": 0.0}");
        watcher.check();
        assertThat(applied).hasSize(3);
    }

    private static void publish(Path volume, String version, String content) throws IOException {
        Path dir = Files.createDirectory(volume.resolve(version));
        Files.writeString(dir.resolve(ShadowSettings.FILE_KEY), content);
        Path temporary = volume.resolve("..data_tmp");
        Files.createSymbolicLink(temporary, Path.of(version));
        Files.move(temporary, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
