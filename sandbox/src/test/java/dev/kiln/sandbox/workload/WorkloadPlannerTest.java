package dev.kiln.sandbox.workload;

import dev.kiln.sandbox.nodes.NodeInventory;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadPlannerTest {

    private static final List<Node> NODES = NodeInventory.defaults().stream()
            .map(n -> Serialization.unmarshal(n.toString(), Node.class)).toList();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** The cluster as the actions leave it: what the API server would hold after the runner's writes. */
    private static final class Cluster {
        List<Deployment> deployments = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        List<Pod> pods = new ArrayList<>();
        int uid;

        ClusterState state() {
            return new ClusterState(NODES, deployments, jobs, pods, NOW);
        }

        List<WorkloadAction> pass() {
            List<WorkloadAction> actions = WorkloadPlanner.plan(state());
            actions.forEach(this::apply);
            return actions;
        }

        void converge() {
            for (int i = 0; i < 10; i++) {
                if (pass().isEmpty()) {
                    return;
                }
            }
            throw new AssertionError("no steady state after 10 passes: " + WorkloadPlanner.plan(state()));
        }

        void apply(WorkloadAction action) {
            if (action instanceof WorkloadAction.CreatePod c) {
                Pod pod = new PodBuilder(c.pod()).editMetadata().withUid("pod-" + ++uid).endMetadata().build();
                pods.add(pod);
            } else if (action instanceof WorkloadAction.DeletePod d) {
                pods.removeIf(p -> p.getMetadata().getName().equals(d.name()));
            } else if (action instanceof WorkloadAction.BindPod b) {
                pods.replaceAll(p -> p.getMetadata().getName().equals(b.name())
                        ? new PodBuilder(p).editSpec().withNodeName(b.node()).endSpec().build() : p);
            } else if (action instanceof WorkloadAction.SetPodStatus s) {
                pods.replaceAll(p -> p.getMetadata().getName().equals(s.name())
                        ? new PodBuilder(p).withStatus(s.status()).build() : p);
            } else if (action instanceof WorkloadAction.SetDeploymentStatus s) {
                deployments.replaceAll(d -> d.getMetadata().getName().equals(s.name())
                        ? new DeploymentBuilder(d).withStatus(s.status()).build() : d);
            } else if (action instanceof WorkloadAction.SetJobStatus s) {
                jobs.replaceAll(j -> j.getMetadata().getName().equals(s.name())
                        ? new JobBuilder(j).withStatus(s.status()).build() : j);
            }
        }

        Map<String, String> podNodes() {
            return pods.stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                    p -> String.valueOf(p.getSpec().getNodeName())));
        }
    }

    @Test
    void deploymentPodsRunSpreadOverCpuNodesAndStatusIsTrue() {
        Cluster cluster = new Cluster();
        cluster.deployments.add(deployment("web", 3, template("v1", false)));
        cluster.converge();

        assertThat(cluster.pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(Pods.ready(p)).isTrue();
            assertThat(p.getStatus().getPodIP()).startsWith("127.1.");
        });
        assertThat(cluster.podNodes().values()).containsOnly("cpu-1", "cpu-2").contains("cpu-1", "cpu-2");
        assertThat(cluster.pods.stream().map(p -> p.getStatus().getPodIP()).distinct()).hasSize(3);
        var status = cluster.deployments.get(0).getStatus();
        assertThat(status.getReadyReplicas()).isEqualTo(3);
        assertThat(status.getUpdatedReplicas()).isEqualTo(3);
        assertThat(status.getObservedGeneration()).isEqualTo(1L);
        assertThat(status.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Available");
            assertThat(c.getStatus()).isEqualTo("True");
        });
        assertThat(WorkloadPlanner.plan(cluster.state())).as("steady state").isEmpty();
    }

    @Test
    void newTemplateReplacesPodsOnlyOnceTheNewOnesAreReady() {
        Cluster cluster = new Cluster();
        cluster.deployments.add(deployment("web", 2, template("v1", false)));
        cluster.converge();
        List<String> oldPods = List.copyOf(cluster.podNodes().keySet());

        cluster.deployments.set(0, new DeploymentBuilder(cluster.deployments.get(0)).editSpec()
                .withTemplate(template("v2", false)).endSpec().editMetadata().withGeneration(2L).endMetadata().build());
        List<WorkloadAction> first = cluster.pass();
        assertThat(first).filteredOn(a -> a instanceof WorkloadAction.DeletePod).as("old pods stay until new are ready")
                .isEmpty();
        assertThat(cluster.pods).hasSize(4);

        cluster.converge();
        assertThat(cluster.pods).hasSize(2);
        assertThat(cluster.podNodes().keySet()).doesNotContainAnyElementsOf(oldPods);
        assertThat(cluster.pods).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
                .isEqualTo("kiln/runtime:v2"));
        assertThat(cluster.deployments.get(0).getStatus().getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    void scalingDownDeletesTheNewestPods() {
        Cluster cluster = new Cluster();
        cluster.deployments.add(deployment("web", 3, template("v1", false)));
        cluster.converge();
        cluster.deployments.set(0, new DeploymentBuilder(cluster.deployments.get(0)).editSpec().withReplicas(1)
                .endSpec().build());
        cluster.converge();
        assertThat(cluster.podNodes().keySet()).singleElement().asString().endsWith("-0");
        assertThat(cluster.deployments.get(0).getStatus().getReplicas()).isEqualTo(1);
    }

    @Test
    void podsOfADeletedDeploymentAreCollected() {
        Cluster cluster = new Cluster();
        cluster.deployments.add(deployment("web", 2, template("v1", false)));
        cluster.jobs.add(job("optimize", 6));
        cluster.converge();
        cluster.deployments.clear();
        cluster.converge();
        assertThat(cluster.podNodes().keySet()).containsExactly("optimize-0");
    }

    @Test
    void gpuDeploymentGetsTheOneGpuAndTheSecondReplicaWaitsWithTheSchedulersReason() {
        Cluster cluster = new Cluster();
        cluster.deployments.add(deployment("gpu", 2, template("v1", true)));
        cluster.converge();

        List<Pod> running = cluster.pods.stream().filter(p -> "Running".equals(Pods.phase(p))).toList();
        List<Pod> pending = cluster.pods.stream().filter(p -> "Pending".equals(Pods.phase(p))).toList();
        assertThat(running).singleElement().satisfies(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("gpu-1"));
        assertThat(pending).singleElement().satisfies(p -> assertThat(p.getStatus().getConditions().get(0).getMessage())
                .contains("1 Insufficient nvidia.com/gpu"));
        var status = cluster.deployments.get(0).getStatus();
        assertThat(status.getReadyReplicas()).isEqualTo(1);
        assertThat(status.getUnavailableReplicas()).isEqualTo(1);
        assertThat(status.getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Available");
            assertThat(c.getStatus()).isEqualTo("False");
        });
    }

    @Test
    void jobRunsOnePodToCompletion() {
        Cluster cluster = new Cluster();
        cluster.jobs.add(job("optimize", 6));
        cluster.converge();

        assertThat(cluster.pods).singleElement().satisfies(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
            assertThat(p.getMetadata().getLabels()).containsEntry(JobController.JOB_NAME, "optimize");
            assertThat(p.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();
        });
        var status = cluster.jobs.get(0).getStatus();
        assertThat(status.getSucceeded()).isEqualTo(1);
        assertThat(status.getActive()).isNull();
        assertThat(status.getConditions()).singleElement().satisfies(c -> assertThat(c.getType()).isEqualTo("Complete"));
    }

    @Test
    void failedJobPodsAreRetriedUpToTheBackoffLimit() {
        Cluster cluster = new Cluster();
        cluster.jobs.add(job("optimize", 1));
        for (int attempt = 0; attempt < 2; attempt++) {
            cluster.pass();
            cluster.pods.replaceAll(p -> new PodBuilder(p).withNewStatus().withPhase("Failed").endStatus()
                    .editSpec().withNodeName("cpu-1").endSpec().build());
        }
        cluster.converge();
        assertThat(cluster.pods).hasSize(2);
        var status = cluster.jobs.get(0).getStatus();
        assertThat(status.getFailed()).isEqualTo(2);
        assertThat(status.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Failed");
            assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
        });
    }

    @Test
    void podFailurePolicyFailsTheJobAtOnceOnAListedExitCodeAndRetriesOthers() {
        Cluster cluster = new Cluster();
        cluster.jobs.add(new JobBuilder(job("optimize", 3)).editSpec().withNewPodFailurePolicy().addNewRule()
                .withAction("FailJob").withNewOnExitCodes().withContainerName("server").withOperator("In")
                .withValues(2, 3, 4).endOnExitCodes().endRule().endPodFailurePolicy().endSpec().build());
        // an unlisted exit code counts against the backoff limit: retried
        cluster.pass();
        failWith(cluster, "optimize-0", 1);
        cluster.pass();
        assertThat(cluster.pods).hasSize(2);
        assertThat(cluster.jobs.get(0).getStatus().getConditions()).isNullOrEmpty();
        // a listed one fails the Job with the controller's reason, without another attempt
        failWith(cluster, "optimize-1", 4);
        cluster.converge();
        assertThat(cluster.pods).hasSize(2);
        assertThat(cluster.jobs.get(0).getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Failed");
            assertThat(c.getReason()).isEqualTo("PodFailurePolicy");
            assertThat(c.getMessage()).contains("exit code 4").contains("FailJob rule at index 0");
        });
    }

    private static void failWith(Cluster cluster, String pod, int exitCode) {
        cluster.pods.replaceAll(p -> !p.getMetadata().getName().equals(pod) ? p : new PodBuilder(p).withNewStatus()
                .withPhase("Failed").addNewContainerStatus().withName("server").withNewState().withNewTerminated()
                .withExitCode(exitCode).endTerminated().endState().endContainerStatus().endStatus()
                .editSpec().withNodeName("cpu-1").endSpec().build());
    }

    private static PodTemplateSpec template(String version, boolean gpu) {
        PodTemplateSpecBuilder template = new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "web")
                .endMetadata().withNewSpec().addNewContainer().withName("server").withImage("kiln/runtime:" + version)
                .withNewResources().addToRequests("cpu", new Quantity("1")).addToRequests("memory", new Quantity("1Gi"))
                .addToLimits(gpu ? Map.of("nvidia.com/gpu", new Quantity("1")) : Map.of()).endResources()
                .endContainer().endSpec();
        if (gpu) {
            template.editSpec().addToNodeSelector("nvidia.com/gpu.present", "true").addNewToleration()
                    .withKey("nvidia.com/gpu").withOperator("Exists").withEffect("NoSchedule").endToleration().endSpec();
        }
        return template.build();
    }

    private static Deployment deployment(String name, int replicas, PodTemplateSpec template) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .withGeneration(1L).endMetadata().withNewSpec().withReplicas(replicas).withTemplate(template).endSpec()
                .build();
    }

    private static Job job(String name, int backoffLimit) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(template("v1", false)).editSpec().withRestartPolicy("Never")
                .endSpec().build();
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .endMetadata().withNewSpec().withBackoffLimit(backoffLimit).withTemplate(template).endSpec().build();
    }
}
