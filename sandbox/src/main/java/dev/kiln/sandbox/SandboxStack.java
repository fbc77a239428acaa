package dev.kiln.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.sandbox.gateway.Gateway;
import dev.kiln.sandbox.kubelet.KilnRuntime;
import dev.kiln.sandbox.kubelet.ServiceAddresses;
import dev.kiln.sandbox.operator.OperatorProcess;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything {@code up} runs, in start order: the cluster (API server, nodes, workload runner, process
 * kubelet), the example accelerator classes, the operator and the gateway. Closing stops them in
 * reverse order; a failed start stops what had started. The end-to-end tests start the same stack.
 */
public final class SandboxStack implements AutoCloseable {

    /** How soon the gateway follows a Service selector or a pod's readiness. */
    private static final Duration GATEWAY_REFRESH = Duration.ofMillis(200);
    private static final Duration OPERATOR_START_TIMEOUT = Duration.ofSeconds(90);

    /**
     * @param operatorJar null to run without the operator
     * @param runtimeJar  what pods of the runtime image run
     */
    public record Settings(int apiPort, int gatewayPort, Path crds, Path examples, List<ObjectNode> nodes, Path kubeconfig,
                           Path dataDir, Path operatorJar, String runtimeImage, Path runtimeJar) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Settings settings;
    private SandboxCluster cluster;
    private volatile OperatorProcess operator;
    private Gateway gateway;

    private SandboxStack(Settings settings) {
        this.settings = settings;
    }

    /** @param progress told one line per started part, for {@code up}'s output */
    public static SandboxStack start(Settings settings, Consumer<String> progress) {
        SandboxStack stack = new SandboxStack(settings);
        try {
            stack.startAll(settings, progress);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Settings s, Consumer<String> progress) {
        KilnRuntime runtime = KilnRuntime.jar(s.runtimeImage(), s.runtimeJar(), s.dataDir());
        ServiceAddresses services = new ServiceAddresses();
        cluster = push(SandboxCluster.start(s.apiPort(), s.crds(), s.nodes(), s.kubeconfig(), Clock.systemUTC(), runtime,
                services));
        progress.accept("api server: " + cluster.apiServer().url());
        progress.accept("nodes: " + s.nodes().size());
        progress.accept("kubeconfig: " + s.kubeconfig().toAbsolutePath());
        int applied = cluster.applyAcceleratorClasses(s.examples());
        if (applied > 0) {
            progress.accept("accelerator classes: " + applied + " from " + s.examples());
        }
        if (s.operatorJar() != null) {
            operator = OperatorProcess.start(s.operatorJar(), s.kubeconfig(), s.runtimeImage(), operatorLog(s),
                    OPERATOR_START_TIMEOUT);
            // Closes whichever operator runs at the time: restartOperator replaces it.
            push(() -> operator.close());
            progress.accept("operator: running, log " + operator.log().toAbsolutePath());
        }
        gateway = push(Gateway.start(cluster.apiServer(), s.gatewayPort(), GATEWAY_REFRESH));
        // No cluster DNS here: Service URLs in pods' ConfigMaps (a mirror's canary) go through the gateway.
        services.routeThrough(gateway.url());
    }

    private static Path operatorLog(Settings s) {
        return s.dataDir().resolve("logs").resolve("operator.log");
    }

    /**
     * Kills the operator with SIGKILL (no graceful stop, no leader lease released) and starts it again with the
     * same settings, its log going on in the same file. What a crashed operator pod and its replacement do.
     */
    public synchronized void restartOperator() {
        if (operator == null) {
            throw new IllegalStateException("the sandbox runs without the operator (--no-operator)");
        }
        operator.kill();
        operator = OperatorProcess.start(settings.operatorJar(), settings.kubeconfig(), settings.runtimeImage(),
                operatorLog(settings), OPERATOR_START_TIMEOUT, true);
    }

    private synchronized <T extends AutoCloseable> T push(T part) {
        started.push(part);
        return part;
    }

    public SandboxCluster cluster() {
        return cluster;
    }

    /** Null when started without the operator. */
    public OperatorProcess operator() {
        return operator;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Stops in reverse start order: the gateway and the operator before the API server they talk to. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping the sandbox: " + e);
            }
        }
    }
}
