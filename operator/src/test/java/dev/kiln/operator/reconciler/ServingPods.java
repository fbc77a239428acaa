package dev.kiln.operator.reconciler;

import dev.kiln.contract.ShadowSettings;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.resources.ShadowConfigBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plays the Deployment controller and the kubelet for serving pods on the mock API server: each Deployment of
 * a ModelDeployment gets exactly spec.replicas Ready pods (with an IP, for the metrics scrape) and a status
 * that says so.
 */
final class ServingPods {

    private final KubernetesClient client;
    private final String namespace;
    private final CannedPodMetrics metrics;
    private int nextIp = 1;

    ServingPods(KubernetesClient client, String namespace, CannedPodMetrics metrics) {
        this.client = client;
        this.namespace = namespace;
        this.metrics = metrics;
    }

    void sync(String md) {
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace)
                .withLabel(KilnLabels.DEPLOYMENT, md).list().getItems();
        // The kubelet and the runtime: pods that mount the shadow settings follow them.
        ConfigMap shadow = client.configMaps().inNamespace(namespace).withName(md + "-shadow").get();
        ShadowSettings settings = ShadowConfigBuilder.settingsOf(Optional.ofNullable(shadow)).orElse(ShadowSettings.OFF);
        for (Deployment deployment : deployments) {
            int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            String name = deployment.getMetadata().getName();
            String revision = deployment.getMetadata().getLabels().get(KilnLabels.REVISION);
            for (int i = 0; i < Math.max(replicas, 8); i++) {
                String podName = name + "-" + i;
                Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
                if (i >= replicas) {
                    if (pod != null) {
                        client.pods().inNamespace(namespace).withName(podName).delete();
                    }
                    continue;
                }
                if (pod == null) {
                    start(deployment, podName, revision);
                }
                ShadowSettings own = settings.forRevision(revision);
                metrics.mirroring(podName, ShadowConfigBuilder.readsShadowConfig(deployment) && own.mirrors()
                        ? own.fraction() : 0);
            }
            var status = deployment.getStatus();
            boolean current = status != null && Objects.equals(status.getReadyReplicas(), replicas)
                    && Objects.equals(status.getReplicas(), replicas)
                    && Objects.equals(status.getObservedGeneration(), deployment.getMetadata().getGeneration());
            if (!current) {
                deployment.setStatus(new DeploymentStatusBuilder()
                        .withObservedGeneration(deployment.getMetadata().getGeneration())
                        .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas)
                        .withUpdatedReplicas(replicas)
                        .build());
                client.apps().deployments().resource(deployment).updateStatus();
            }
        }
    }

    private void start(Deployment deployment, String podName, String revision) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(namespace)
                    .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();
        client.pods().resource(pod).create();
        pod = client.pods().inNamespace(namespace).withName(podName).get();
        pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
                .withPhase("Running")
                .withPodIP("10.0.0." + nextIp++)
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .build());
        client.pods().resource(pod).updateStatus();
        metrics.started(podName, revision);
    }
}
