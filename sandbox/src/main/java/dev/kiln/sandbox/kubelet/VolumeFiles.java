package dev.kiln.sandbox.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

/** Rewrites a running pod's materialised volume files to new content, each file atomically. */
final class VolumeFiles {

    private VolumeFiles() {
    }

    /**
     * @param written the files as last written
     * @param wanted  the files as they should be now
     * @return whether anything changed
     */
    static boolean sync(Map<Path, byte[]> written, Map<Path, byte[]> wanted) throws IOException {
        boolean changed = false;
        for (Map.Entry<Path, byte[]> file : wanted.entrySet()) {
            byte[] before = written.get(file.getKey());
            if (before == null || !Arrays.equals(before, file.getValue())) {
                write(file.getKey(), file.getValue());
                changed = true;
            }
        }
        for (Path gone : written.keySet()) {
            if (!wanted.containsKey(gone)) {
                changed |= Files.deleteIfExists(gone);
            }
        }
        return changed;
    }

    /** Written beside the file, then renamed over it: a reader sees the old or the new content, never part. */
    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
