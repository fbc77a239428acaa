package dev.kiln.sandbox.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import dev.kiln.sandbox.kubelet.ProcessKubelet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the workload planner against the sandbox API server every period: reads nodes, Deployments,
 * Jobs and pods, and writes the planned pods, bindings and statuses back. A failed write is logged
 * and retried by the next pass, as a controller's requeue would.
 */
public final class WorkloadRunner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkloadRunner.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxApiServer api;
    private final Clock clock;
    /** Runs Kiln runtime pods as processes; null when every pod is simulated. */
    private final ProcessKubelet processKubelet;
    /** This sandbox's own pod IPs, apart from other sandboxes' on the machine. */
    private final PodNetwork podNetwork;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-workload-runner");
        t.setDaemon(true);
        return t;
    });

    private WorkloadRunner(SandboxApiServer api, Clock clock, ProcessKubelet processKubelet) {
        this.podNetwork = PodNetwork.claim();
        this.api = api;
        this.clock = clock;
        this.processKubelet = processKubelet;
    }

    /** Every container simulated. */
    public static WorkloadRunner start(SandboxApiServer api, Clock clock, Duration period) {
        return start(api, clock, period, null);
    }

    /** @param processKubelet runs Kiln runtime pods for real; null to simulate every container */
    public static WorkloadRunner start(SandboxApiServer api, Clock clock, Duration period, ProcessKubelet processKubelet) {
        WorkloadRunner runner = new WorkloadRunner(api, clock, processKubelet);
        runner.loop.scheduleWithFixedDelay(runner::passSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return runner;
    }

    private void passSafely() {
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "workload runner pass failed, retrying: " + e);
        }
    }

    /** One observe-plan-act pass. */
    void pass() {
        List<Pod> pods = list("/api/v1/pods", Pod.class);
        ClusterState state = new ClusterState(list("/api/v1/nodes", Node.class),
                list("/apis/apps/v1/deployments", Deployment.class), list("/apis/batch/v1/jobs", Job.class),
                pods, clock.instant());
        List<WorkloadAction> actions = WorkloadPlanner.plan(state,
                processKubelet == null ? pod -> false : processKubelet::runs, podNetwork.block());
        for (WorkloadAction action : actions) {
            ApiResponse response = write(action);
            if (!response.ok()) {
                LOG.log(System.Logger.Level.INFO, "workload runner: " + action.getClass().getSimpleName()
                        + " answered HTTP " + response.code() + ", retrying next pass");
            }
        }
        if (processKubelet != null) {
            // Pods bound in this pass are started in the next, when they are listed with their pod IP.
            processKubelet.sync(pods);
        }
    }

    private ApiResponse write(WorkloadAction action) {
        if (action instanceof WorkloadAction.CreatePod c) {
            return api.call("POST", pods(c.pod().getMetadata().getNamespace()), "application/json",
                    Serialization.asJson(c.pod()));
        } else if (action instanceof WorkloadAction.DeletePod d) {
            return api.call("DELETE", pods(d.namespace()) + "/" + d.name(), null, "");
        } else if (action instanceof WorkloadAction.BindPod b) {
            return mergePatch(pods(b.namespace()) + "/" + b.name(), Map.of("spec", Map.of("nodeName", b.node())));
        } else if (action instanceof WorkloadAction.SetPodStatus s) {
            return mergePatch(pods(s.namespace()) + "/" + s.name() + "/status", Map.of("status", s.status()));
        } else if (action instanceof WorkloadAction.SetDeploymentStatus s) {
            return mergePatch("/apis/apps/v1/namespaces/" + s.namespace() + "/deployments/" + s.name() + "/status",
                    Map.of("status", s.status()));
        } else {
            WorkloadAction.SetJobStatus s = (WorkloadAction.SetJobStatus) action;
            return mergePatch("/apis/batch/v1/namespaces/" + s.namespace() + "/jobs/" + s.name() + "/status",
                    Map.of("status", s.status()));
        }
    }

    private ApiResponse mergePatch(String path, Map<String, Object> patch) {
        return api.call("PATCH", path, SandboxApiServer.MERGE_PATCH, Serialization.asJson(patch));
    }

    private static String pods(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/pods";
    }

    private <T> List<T> list(String path, Class<T> type) {
        ApiResponse response = api.call("GET", path, null, null);
        if (!response.ok()) {
            throw new IllegalStateException("GET " + path + " answered HTTP " + response.code());
        }
        List<T> items = new ArrayList<>();
        try {
            for (JsonNode item : JSON.readTree(response.body()).path("items")) {
                items.add(Serialization.unmarshal(item.toString(), type));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("GET " + path + " returned invalid JSON", e);
        }
        return items;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (processKubelet != null) {
            processKubelet.close();
        }
        podNetwork.close();
    }
}
