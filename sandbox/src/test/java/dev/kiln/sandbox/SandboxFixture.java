package dev.kiln.sandbox;

import dev.kiln.sandbox.nodes.NodeInventory;

import java.nio.file.Path;
import java.time.Clock;

/** Starts a sandbox cluster for a test class, with the repository's CRDs and the default nodes. */
public final class SandboxFixture {

    private SandboxFixture() {
    }

    public static Path crdsDir() {
        return Path.of(System.getProperty("kiln.crds.dir", "../crds"));
    }

    public static Path examplesDir() {
        return Path.of(System.getProperty("kiln.examples.dir", "../examples"));
    }

    public static Path sandboxDir() {
        return Path.of(System.getProperty("kiln.sandbox.dir", "."));
    }

    public static SandboxCluster start(Path workDir) {
        return SandboxCluster.start(0, crdsDir(), NodeInventory.defaults(), workDir.resolve("kubeconfig"),
                Clock.systemUTC());
    }
}
