package dev.kiln.sandbox.kubelet;

import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;
import dev.kiln.sandbox.process.ChildProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kubelet for pods that run Kiln's runtime: starts each bound pod's container as a local process
 * (see {@link LaunchPlanner}), probes its readiness, reports its status, reads its termination message
 * when it exits, and stops the process when the pod is deleted. Called from the workload runner's loop,
 * one thread; probes run asynchronously and are read on the next pass.
 */
public final class ProcessKubelet implements AutoCloseable {

    public static final String REQUESTED_EP_ANNOTATION = "sandbox.kiln.dev/requested-execution-provider";
    public static final String EP_ANNOTATION = "sandbox.kiln.dev/execution-provider";
    public static final String LOG_ANNOTATION = "sandbox.kiln.dev/log";
    private static final System.Logger LOG = System.getLogger(ProcessKubelet.class.getName());
    private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
    /** How often a running pod's ConfigMap and Secret volumes are brought up to date (a real kubelet: about a minute). */
    private static final Duration VOLUME_SYNC_PERIOD = Duration.ofSeconds(1);

    private final SandboxApiServer api;
    private final KilnRuntime runtime;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** By pod uid. */
    private final Map<String, RunningContainer> running = new LinkedHashMap<>();
    /** Pods whose process has exited (by uid): never started again. */
    private final Set<String> finished = new HashSet<>();
    /** Last status written per pod uid, so unchanged statuses are not patched every pass. */
    private final Map<String, String> reported = new LinkedHashMap<>();

    private final ServiceAddresses services;

    public ProcessKubelet(SandboxApiServer api, KilnRuntime runtime, Clock clock) {
        this(api, runtime, clock, new ServiceAddresses());
    }

    /** @param services how Service URLs in ConfigMap text and env reach the Service in the sandbox */
    public ProcessKubelet(SandboxApiServer api, KilnRuntime runtime, Clock clock, ServiceAddresses services) {
        this.api = api;
        this.runtime = runtime;
        this.clock = clock;
        this.services = services;
    }

    public boolean runs(Pod pod) {
        return runtime.runs(pod);
    }

    /** One pass over the pods the workload runner listed. */
    public void sync(List<Pod> pods) {
        Map<String, Pod> byUid = new LinkedHashMap<>();
        pods.forEach(p -> byUid.put(p.getMetadata().getUid(), p));
        stopGone(byUid);
        for (Pod pod : pods) {
            if (!runtime.runs(pod) || pod.getSpec().getNodeName() == null || pod.getStatus() == null
                    || pod.getStatus().getPodIP() == null || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String uid = pod.getMetadata().getUid();
            RunningContainer c = running.get(uid);
            if (c == null && !finished.contains(uid)) {
                c = start(pod);
            }
            if (c != null) {
                report(pod, c);
            }
            if (c != null && running.containsKey(uid)) {
                syncVolumesIfDue(pod, c);
            }
        }
        reported.keySet().retainAll(byUid.keySet());
        finished.retainAll(byUid.keySet());
    }

    private void stopGone(Map<String, Pod> byUid) {
        running.entrySet().removeIf(e -> {
            Pod pod = byUid.get(e.getKey());
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
                e.getValue().process.close();
                return true;
            }
            return false;
        });
    }

    private RunningContainer start(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        LaunchPlan plan;
        try {
            plan = plan(pod);
            prepare(plan);
        } catch (LaunchException | UncheckedIOException e) {
            patchStatus(pod, ProcessPodStatus.waiting(pod, "CreateContainerConfigError", e.getMessage(), clock.instant()));
            return null;
        }
        ChildProcess process = ChildProcess.start(plan.command(), plan.env(), plan.workDir(), plan.log());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(LOG_ANNOTATION, plan.log().toString());
        if (plan.requestedEp() != null) {
            annotations.put(REQUESTED_EP_ANNOTATION, plan.requestedEp());
            annotations.put(EP_ANNOTATION, LaunchPlanner.CPU);
            event(pod, "Warning", "ExecutionProviderReplaced", "the sandbox's nodes have no " + plan.requestedEp()
                    + " device: started the runtime with --ep cpu instead of --ep " + plan.requestedEp());
        }
        api.call("PATCH", podPath(pod), SandboxApiServer.MERGE_PATCH,
                Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations))));
        event(pod, "Normal", "Started", "started process " + process.pid() + " for container "
                + pod.getSpec().getContainers().get(0).getName() + "; log " + plan.log());
        RunningContainer c = new RunningContainer(process, plan, clock.instant());
        running.put(pod.getMetadata().getUid(), c);
        return c;
    }

    private LaunchPlan plan(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        return LaunchPlanner.plan(pod, runtime,
                name -> get("/api/v1/namespaces/" + ns + "/configmaps/" + name, ConfigMap.class),
                name -> get("/api/v1/namespaces/" + ns + "/secrets/" + name, Secret.class), services);
    }

    /**
     * Brings a running pod's ConfigMap and Secret files up to date, as a kubelet does: each changed file is
     * replaced in one rename, so the process reads the old or the new content, never a mix; a file whose key (or
     * optional ConfigMap) is gone is removed. A required ConfigMap that disappeared leaves the files as they were.
     */
    private void syncVolumesIfDue(Pod pod, RunningContainer c) {
        Instant now = clock.instant();
        if (c.lastVolumeSync != null && c.lastVolumeSync.plus(VOLUME_SYNC_PERIOD).isAfter(now)) {
            return;
        }
        c.lastVolumeSync = now;
        LaunchPlan fresh;
        try {
            fresh = plan(pod);
        } catch (LaunchException e) {
            return;
        }
        try {
            VolumeFiles.sync(c.files, fresh.files());
            c.files = fresh.files();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.INFO, "pod " + pod.getMetadata().getName() + ": volume files not updated: " + e);
        }
    }

    private static void prepare(LaunchPlan plan) {
        try {
            if (Files.isDirectory(plan.workDir())) {
                deleteTree(plan.workDir());
            }
            for (Path folder : plan.folders()) {
                Files.createDirectories(folder);
            }
            for (Map.Entry<Path, byte[]> file : plan.files().entrySet()) {
                Files.createDirectories(file.getKey().getParent());
                Files.write(file.getKey(), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the pod's folders: " + e.getMessage(), e);
        }
    }

    private void report(Pod pod, RunningContainer c) {
        PodStatus status;
        String key;
        Integer exit = c.process.exitCode();
        if (exit != null) {
            String message = TerminationMessage.read(c.plan.terminationLog(), c.plan.log(), exit,
                    pod.getSpec().getContainers().get(0).getTerminationMessagePolicy());
            status = ProcessPodStatus.terminated(pod, c.startedAt, exit, message, clock.instant());
            key = "exited:" + exit;
            c.process.close();
            running.remove(pod.getMetadata().getUid());
            finished.add(pod.getMetadata().getUid());
        } else {
            boolean ready = c.plan.readiness() == null || c.probeOk;
            probeIfDue(c);
            status = ProcessPodStatus.running(pod, c.startedAt, ready, clock.instant());
            key = "running:" + ready;
        }
        if (!key.equals(reported.get(pod.getMetadata().getUid()))) {
            if (patchStatus(pod, status)) {
                reported.put(pod.getMetadata().getUid(), key);
            }
        }
    }

    private void probeIfDue(RunningContainer c) {
        Instant now = clock.instant();
        if (c.plan.readiness() == null || c.probeInFlight || (c.lastProbe != null && c.lastProbe.plus(PROBE_PERIOD).isAfter(now))) {
            return;
        }
        c.lastProbe = now;
        c.probeInFlight = true;
        HttpRequest request = HttpRequest.newBuilder(c.plan.readiness()).timeout(Duration.ofSeconds(1)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            c.probeOk = error == null && response.statusCode() >= 200 && response.statusCode() < 400;
            c.probeInFlight = false;
        });
    }

    private boolean patchStatus(Pod pod, PodStatus status) {
        ApiResponse response = api.call("PATCH", podPath(pod) + "/status", SandboxApiServer.MERGE_PATCH,
                Serialization.asJson(Map.of("status", status)));
        return response.ok();
    }

    private void event(Pod pod, String type, String reason, String message) {
        String ns = pod.getMetadata().getNamespace();
        String now = clock.instant().toString();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("apiVersion", "v1");
        event.put("kind", "Event");
        event.put("metadata", Map.of("name", pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()),
                "namespace", ns));
        event.put("involvedObject", Map.of("apiVersion", "v1", "kind", "Pod", "name", pod.getMetadata().getName(),
                "namespace", ns, "uid", pod.getMetadata().getUid()));
        event.put("type", type);
        event.put("reason", reason);
        event.put("message", message);
        event.put("source", Map.of("component", "kiln-sandbox-kubelet", "host", pod.getSpec().getNodeName()));
        event.put("firstTimestamp", now);
        event.put("lastTimestamp", now);
        event.put("count", 1);
        ApiResponse response = api.call("POST", "/api/v1/namespaces/" + ns + "/events", "application/json",
                Serialization.asJson(event));
        if (!response.ok()) {
            LOG.log(System.Logger.Level.INFO, "event " + reason + " for pod " + pod.getMetadata().getName()
                    + " answered HTTP " + response.code());
        }
    }

    private <T> Optional<T> get(String path, Class<T> type) {
        ApiResponse response = api.call("GET", path, null, null);
        return response.ok() ? Optional.of(Serialization.unmarshal(response.body(), type)) : Optional.empty();
    }

    private static String podPath(Pod pod) {
        return "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Stops every process this kubelet started. */
    @Override
    public void close() {
        running.values().forEach(c -> c.process.close());
        running.clear();
    }

    private static final class RunningContainer {
        final ChildProcess process;
        final LaunchPlan plan;
        final Instant startedAt;
        /** The volume files as last written. */
        Map<Path, byte[]> files;
        Instant lastVolumeSync;
        volatile boolean probeOk;
        volatile boolean probeInFlight;
        Instant lastProbe;

        RunningContainer(ChildProcess process, LaunchPlan plan, Instant startedAt) {
            this.process = process;
            this.plan = plan;
            this.startedAt = startedAt;
            this.files = plan.files();
        }
    }
}
