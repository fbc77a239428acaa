package dev.kiln.runtime.serve;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/** Keeps the server running until it is told to stop (SIGTERM), then lets Quarkus shut down gracefully. */
public class ServeApplication implements QuarkusApplication {
    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}
