package dev.kiln.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.sandbox.nodes.NodeInventory;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Starts the sandbox cluster and keeps it running until Ctrl-C. */
@CommandLine.Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the sandbox: API server on 127.0.0.1 with Kiln's CRDs and the simulated nodes.")
public class UpCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--kubeconfig", required = true,
            description = "Where to write the kubeconfig for kubectl and the operator.")
    Path kubeconfig;

    @CommandLine.Option(names = "--port", defaultValue = "0",
            description = "API server port on 127.0.0.1 (default: any free port).")
    int port;

    @CommandLine.Option(names = "--crds", defaultValue = "crds",
            description = "Folder of CRD YAML files to install (default: ${DEFAULT-VALUE}, relative to the working directory).")
    Path crds;

    @CommandLine.Option(names = "--nodes",
            description = "YAML file of Node objects to simulate (default: the built-in mixed cluster).")
    Path nodes;

    @Override
    public Integer call() throws InterruptedException {
        List<ObjectNode> nodeList = nodes == null ? NodeInventory.defaults() : NodeInventory.load(nodes);
        SandboxCluster cluster = SandboxCluster.start(port, crds, nodeList, kubeconfig, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        System.out.println("api server: " + cluster.apiServer().url());
        System.out.println("nodes: " + nodeList.size());
        System.out.println("kubeconfig: " + kubeconfig.toAbsolutePath());
        System.out.println("try: kubectl --kubeconfig " + kubeconfig + " get nodes");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
