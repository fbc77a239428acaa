package dev.kiln.sandbox.kubelet;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kubelet puts in a terminated container's message: the termination message file, at most
 * 4096 bytes as a kubelet keeps; with FallbackToLogsOnError, the log's tail when the file is empty and
 * the container failed.
 */
final class TerminationMessage {

    static final int MAX_BYTES = 4096;
    private static final int LOG_TAIL_BYTES = 2048;

    private TerminationMessage() {
    }

    static String read(Path file, Path log, int exitCode, String policy) {
        String message = head(file, MAX_BYTES);
        if (message.isBlank() && exitCode != 0 && "FallbackToLogsOnError".equals(policy)) {
            return tail(log, LOG_TAIL_BYTES);
        }
        return message;
    }

    private static String head(Path file, int max) {
        try {
            if (!Files.isRegularFile(file)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, 0, Math.min(bytes.length, max), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path file, int max) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - max);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
