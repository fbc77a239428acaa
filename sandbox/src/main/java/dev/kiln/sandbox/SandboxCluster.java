package dev.kiln.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import dev.kiln.sandbox.gateway.GatewayApiCrds;
import dev.kiln.sandbox.kubelet.KilnRuntime;
import dev.kiln.sandbox.kubelet.ProcessKubelet;
import dev.kiln.sandbox.kubelet.ServiceAddresses;
import dev.kiln.sandbox.workload.WorkloadRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A running sandbox cluster: the API server with the CRDs installed, the nodes created, a kubeconfig
 * written and the workload runner placing pods. The operator and the gateway plug in on top of this.
 */
public final class SandboxCluster implements AutoCloseable {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** How often the workload runner looks for work: fast enough that pods appear "at once" to kubectl. */
    private static final Duration RUNNER_PERIOD = Duration.ofMillis(200);

    private final SandboxApiServer apiServer;
    private final WorkloadRunner workloadRunner;
    private final Path kubeconfig;

    private SandboxCluster(SandboxApiServer apiServer, WorkloadRunner workloadRunner, Path kubeconfig) {
        this.apiServer = apiServer;
        this.workloadRunner = workloadRunner;
        this.kubeconfig = kubeconfig;
    }

    /**
     * @param crdsDir folder of CRD YAML files (*.yml, *.yaml) to install
     * @param nodes   Node objects to create
     */
    public static SandboxCluster start(int port, Path crdsDir, List<ObjectNode> nodes, Path kubeconfig, Clock clock) {
        return start(port, crdsDir, nodes, kubeconfig, clock, null);
    }

    /** @param kilnRuntime how pods running Kiln's runtime image run for real; null to simulate every container */
    public static SandboxCluster start(int port, Path crdsDir, List<ObjectNode> nodes, Path kubeconfig, Clock clock,
                                       KilnRuntime kilnRuntime) {
        return start(port, crdsDir, nodes, kubeconfig, clock, kilnRuntime, new ServiceAddresses());
    }

    /** @param services how Service URLs that pods read reach those Services (through the gateway, once it runs) */
    public static SandboxCluster start(int port, Path crdsDir, List<ObjectNode> nodes, Path kubeconfig, Clock clock,
                                       KilnRuntime kilnRuntime, ServiceAddresses services) {
        List<JsonNode> crds = readCrds(crdsDir);
        SandboxApiServer server = SandboxApiServer.start(port, clock);
        try {
            crds.forEach(crd -> created(server.apply(crd), "CRD " + crd.path("metadata").path("name").asText()));
            GatewayApiCrds.install(server);
            nodes.forEach(node -> created(server.apply(node), "node " + node.path("metadata").path("name").asText()));
            Kubeconfig.write(kubeconfig, server.url());
            ProcessKubelet kubelet = kilnRuntime == null ? null : new ProcessKubelet(server, kilnRuntime, clock, services);
            return new SandboxCluster(server, WorkloadRunner.start(server, clock, RUNNER_PERIOD, kubelet), kubeconfig);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static List<JsonNode> readCrds(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("CRD folder " + dir.toAbsolutePath()
                    + " does not exist: run from the repository root or pass --crds <folder with the CRD YAML files>");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yamlFiles = files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted().toList();
            List<JsonNode> crds = new java.util.ArrayList<>();
            for (Path file : yamlFiles) {
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if (!"CustomResourceDefinition".equals(doc.path("kind").asText())) {
                            throw new IllegalArgumentException(file + " holds a " + doc.path("kind").asText()
                                    + ", not a CustomResourceDefinition: keep only CRDs in " + dir);
                        }
                        crds.add(doc);
                    }
                }
            }
            return crds;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CRDs from " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Applies every AcceleratorClass found in the YAML files under {@code dir} (recursively), when the AcceleratorClass CRD is
     * installed; other kinds in those files are examples for the user and are left alone.
     *
     * @return how many were applied
     */
    public int applyAcceleratorClasses(Path dir) {
        if (!Files.isDirectory(dir) || !apiServer.call("GET",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/acceleratorclasses.kiln.dev", null, null).ok()) {
            return 0;
        }
        int applied = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (docs.hasNext()) {
                        JsonNode doc = docs.next();
                        if ("AcceleratorClass".equals(doc.path("kind").asText())) {
                            created(apiServer.apply(doc), "AcceleratorClass from " + file);
                            applied++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read examples from " + dir + ": " + e.getMessage(), e);
        }
        return applied;
    }

    private static void created(ApiResponse response, String what) {
        if (!response.ok()) {
            throw new IllegalStateException("cannot create " + what + ": HTTP " + response.code() + " " + response.body());
        }
    }

    public SandboxApiServer apiServer() {
        return apiServer;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public void close() {
        workloadRunner.close();
        apiServer.close();
    }
}
