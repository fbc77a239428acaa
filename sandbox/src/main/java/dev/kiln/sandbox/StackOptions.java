package dev.kiln.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.sandbox.nodes.NodeInventory;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

/** The options that say how to start the sandbox stack; {@code up} and {@code demo} share them. */
public class StackOptions {

    @CommandLine.Option(names = "--port", defaultValue = "0",
            description = "API server port on 127.0.0.1 (default: any free port).")
    int port;

    @CommandLine.Option(names = "--gateway-port", defaultValue = "0",
            description = "Gateway port on 127.0.0.1 (default: any free port).")
    int gatewayPort;

    @CommandLine.Option(names = "--crds", defaultValue = "crds",
            description = "Folder of CRD YAML files to install (default: ${DEFAULT-VALUE}, relative to the working directory).")
    Path crds;

    @CommandLine.Option(names = "--examples", defaultValue = "examples",
            description = "Folder whose AcceleratorClass objects (in YAML files under it) are applied at start, when that kind's CRD is installed (default: ${DEFAULT-VALUE}).")
    Path examples;

    @CommandLine.Option(names = "--nodes",
            description = "YAML file of Node objects to simulate (default: the built-in mixed cluster).")
    Path nodes;

    @CommandLine.Option(names = "--operator-jar", defaultValue = "operator/target/quarkus-app/quarkus-run.jar",
            description = "The operator to run (default: ${DEFAULT-VALUE}).")
    Path operatorJar;

    @CommandLine.Option(names = "--no-operator", description = "Do not start the operator (run it yourself, e.g. from an IDE).")
    boolean noOperator;

    @CommandLine.Option(names = "--data",
            description = "Folder for PVCs, pod files and logs (default: 'sandbox-data' next to the kubeconfig).")
    Path data;

    @CommandLine.Option(names = "--runtime-image", defaultValue = "kiln-runtime:0.1.0",
            description = "The operator's runtime image (passed to it); pods running any tag of its repository run for real (default: ${DEFAULT-VALUE}).")
    String runtimeImage;

    @CommandLine.Option(names = "--runtime-jar", defaultValue = "runtime-image/target/quarkus-app/quarkus-run.jar",
            description = "The runtime that pods running the runtime image start (default: ${DEFAULT-VALUE}).")
    Path runtimeJar;

    /** The data folder: {@code --data}, else {@code sandbox-data} next to the kubeconfig. */
    public Path dataDir(Path kubeconfig) {
        return data != null ? data : kubeconfig.toAbsolutePath().getParent().resolve("sandbox-data");
    }

    public SandboxStack.Settings settings(Path kubeconfig) {
        List<ObjectNode> nodeList = nodes == null ? NodeInventory.defaults() : NodeInventory.load(nodes);
        return new SandboxStack.Settings(port, gatewayPort, crds, examples, nodeList, kubeconfig, dataDir(kubeconfig),
                noOperator ? null : operatorJar, runtimeImage, runtimeJar);
    }
}
