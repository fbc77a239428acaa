package dev.kiln.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.sandbox.gateway.Gateway;
import dev.kiln.sandbox.kubelet.KilnRuntime;
import dev.kiln.sandbox.nodes.NodeInventory;
import dev.kiln.sandbox.operator.OperatorProcess;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Starts the sandbox cluster and the operator, and keeps them running until Ctrl-C or SIGTERM. */
@CommandLine.Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the sandbox: API server on 127.0.0.1 with Kiln's CRDs and the simulated nodes, the operator, "
                + "real processes for the runtime image's pods, and the gateway.")
public class UpCommand implements Callable<Integer> {

    /** How soon the gateway follows a Service selector or a pod's readiness. */
    private static final Duration GATEWAY_REFRESH = Duration.ofMillis(200);

    @CommandLine.Option(names = "--kubeconfig", required = true,
            description = "Where to write the kubeconfig for kubectl and the operator.")
    Path kubeconfig;

    @CommandLine.Option(names = "--port", defaultValue = "0",
            description = "API server port on 127.0.0.1 (default: any free port).")
    int port;

    @CommandLine.Option(names = "--crds", defaultValue = "crds",
            description = "Folder of CRD YAML files to install (default: ${DEFAULT-VALUE}, relative to the working directory).")
    Path crds;

    @CommandLine.Option(names = "--examples", defaultValue = "examples",
            description = "Folder whose AcceleratorClass objects are applied at start, when that kind's CRD is installed (default: ${DEFAULT-VALUE}).")
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

    @CommandLine.Option(names = "--gateway-port", defaultValue = "0",
            description = "Gateway port on 127.0.0.1 (default: any free port).")
    int gatewayPort;

    @Override
    public Integer call() throws InterruptedException {
        List<ObjectNode> nodeList = nodes == null ? NodeInventory.defaults() : NodeInventory.load(nodes);
        Path dataDir = data != null ? data : kubeconfig.toAbsolutePath().getParent().resolve("sandbox-data");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered first, so that Ctrl-C while starting still stops whatever has started.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll(started);
            stopped.countDown();
        }, "sandbox-shutdown"));
        try {
            SandboxCluster cluster = SandboxCluster.start(port, crds, nodeList, kubeconfig, Clock.systemUTC(),
                    KilnRuntime.jar(runtimeImage, runtimeJar, dataDir));
            push(started, cluster);
            System.out.println("api server: " + cluster.apiServer().url());
            System.out.println("nodes: " + nodeList.size());
            System.out.println("kubeconfig: " + kubeconfig.toAbsolutePath());
            int applied = cluster.applyAcceleratorClasses(examples);
            if (applied > 0) {
                System.out.println("accelerator classes: " + applied + " from " + examples);
            }
            if (!noOperator) {
                OperatorProcess operator = OperatorProcess.start(operatorJar, kubeconfig, runtimeImage,
                        dataDir.resolve("logs").resolve("operator.log"), Duration.ofSeconds(90));
                push(started, operator);
                System.out.println("operator: running, log " + operator.log().toAbsolutePath());
            }
            Gateway gateway = Gateway.start(cluster.apiServer(), gatewayPort, GATEWAY_REFRESH);
            push(started, gateway);
            System.out.println("try: kubectl --kubeconfig " + kubeconfig + " get nodes");
            // Scripts wait for this line: everything is up once it is printed.
            System.out.println("gateway: " + gateway.url());
            System.out.flush();
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
        stopped.await();
        return 0;
    }

    private static synchronized void push(Deque<AutoCloseable> started, AutoCloseable c) {
        started.push(c);
    }

    /** Stops in reverse start order: the operator before the API server it talks to. */
    private static synchronized void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }
}
