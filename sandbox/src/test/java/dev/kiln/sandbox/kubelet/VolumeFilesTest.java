package dev.kiln.sandbox.kubelet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeFilesTest {

    @TempDir
    Path dir;

    @Test
    void rewritesChangedFilesRemovesGoneOnesAndLeavesNoTemporaryFile() throws IOException {
        Path kept = dir.resolve("kept.txt");
        Path changed = dir.resolve("shadow.json");
        Path gone = dir.resolve("gone.txt");
        Map<Path, byte[]> before = Map.of(kept, bytes("same"), changed, bytes("{\"fraction\":0.0}"), gone, bytes("x"));
        for (var file : before.entrySet()) {
            VolumeFiles.write(file.getKey(), file.getValue());
        }
        long keptModified = Files.getLastModifiedTime(kept).toMillis();

        boolean any = VolumeFiles.sync(before, Map.of(kept, bytes("same"), changed, bytes("{\"fraction\":0.5}")));

        assertThat(any).isTrue();
        assertThat(Files.readString(changed)).isEqualTo("{\"fraction\":0.5}");
        assertThat(gone).doesNotExist();
        assertThat(Files.getLastModifiedTime(kept).toMillis()).as("an unchanged file is not rewritten").isEqualTo(keptModified);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("kept.txt", "shadow.json");
        }
        assertThat(VolumeFiles.sync(Map.of(kept, bytes("same")), Map.of(kept, bytes("same")))).isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
