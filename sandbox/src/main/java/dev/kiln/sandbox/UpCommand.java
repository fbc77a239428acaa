package dev.kiln.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.sandbox.nodes.NodeInventory;
import dev.kiln.sandbox.process.ChildProcess;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Starts the sandbox stack and keeps it running until Ctrl-C or SIGTERM. */
@CommandLine.Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the sandbox: API server on 127.0.0.1 with Kiln's CRDs and the simulated nodes, the operator, "
                + "real processes for the runtime image's pods, and the gateway.")
public class UpCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--kubeconfig", required = true,
            description = "Where to write the kubeconfig for kubectl and the operator.")
    Path kubeconfig;

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

    @Override
    public Integer call() throws InterruptedException {
        List<ObjectNode> nodeList = nodes == null ? NodeInventory.defaults() : NodeInventory.load(nodes);
        Path dataDir = data != null ? data : kubeconfig.toAbsolutePath().getParent().resolve("sandbox-data");
        AtomicReference<SandboxStack> stack = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts. A Ctrl-C while starting finds no stack yet (or a part still
        // starting, such as the operator waiting for its start line): the sweep of this JVM's descendants
        // stops those too, so no process outlives the sandbox.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SandboxStack running = stack.get();
            if (running != null) {
                running.close();
            }
            ChildProcess.stopDescendantsOf(ProcessHandle.current());
            stopped.countDown();
        }, "sandbox-shutdown"));
        SandboxStack.Settings settings = new SandboxStack.Settings(port, gatewayPort, crds, examples, nodeList,
                kubeconfig, dataDir, noOperator ? null : operatorJar, runtimeImage, runtimeJar);
        stack.set(SandboxStack.start(settings, line -> {
            System.out.println(line);
            System.out.flush();
        }));
        System.out.println("try: kubectl --kubeconfig " + kubeconfig + " get nodes");
        // Scripts wait for this line: everything is up once it is printed.
        System.out.println("gateway: " + stack.get().gateway().url());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
