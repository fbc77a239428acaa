package dev.kiln.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the kubeconfig kubectl and the operator use to reach the sandbox API server. */
public final class Kubeconfig {

    public static final String CONTEXT = "kiln-sandbox";

    private Kubeconfig() {
    }

    public static String render(String serverUrl) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user: {}
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, serverUrl);
    }

    public static void write(Path file, String serverUrl) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(serverUrl));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig " + file + ": " + e.getMessage()
                    + " (pass a writable path with --kubeconfig)", e);
        }
    }
}
