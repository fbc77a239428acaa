package dev.kiln.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the repository checkout; the build passes its root as kiln.repo.root. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("kiln.repo.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy"))) {
            throw new IllegalStateException("no deploy/ folder under " + root
                    + ": run the tests from the repository (mvn -pl deploy-tests test) or set -Dkiln.repo.root");
        }
        return root;
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
