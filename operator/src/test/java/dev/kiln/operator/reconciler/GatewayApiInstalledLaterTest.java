package dev.kiln.operator.reconciler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.api.TrafficSpec;
import dev.kiln.operator.status.ConditionTypes;
import dev.kiln.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator starts on a cluster without the Gateway API; a gatewayAPI spec is refused, and once the CRDs are
 * installed the operator finds the kind within a minute, watches HTTPRoutes and carries the spec out, with no
 * restart.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class GatewayApiInstalledLaterTest {

    @Inject
    KubernetesClient client;

    @Inject
    AdjustableClock clock;

    @Test
    void gatewayTrafficWaitsForTheCrdsAndThenWorksWithoutARestart() {
        String namespace = client.getNamespace();
        FakeCluster cluster = new FakeCluster(client, namespace);
        ModelDeployment md = TestModelDeployments.orientation("later", namespace);
        md.getSpec().rollout.traffic.gatewayAPI = new TrafficSpec.GatewayApi();
        TrafficSpec.ParentRef parent = new TrafficSpec.ParentRef();
        parent.name = "public";
        md.getSpec().rollout.traffic.gatewayAPI.parentRefs.add(parent);
        ModelDeployment created = client.resource(md).create();
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("later").getStatus() != null
                && Conditions.find(cluster.md("later").getStatus().conditions, ConditionTypes.STALLED)
                .map(c -> "InvalidSpec".equals(c.getReason()) && c.getMessage().contains("gatewayAPI")).orElse(false));
        assertThat(cluster.jobs("later")).isEmpty();

        client.apiextensions().v1().customResourceDefinitions().resource(GatewayApiCrdSetup.httpRoutes()).create();
        clock.advance(GatewayApiSupport.RECHECK.plusSeconds(1));
        touch(namespace);

        Job job = cluster.awaitJob("later", created.getMetadata().getGeneration());
        cluster.finishJob(job, FakeCluster.sampleSummary(), 0);
        String stable = job.getMetadata().getLabels().get(dev.kiln.operator.resources.KilnLabels.REVISION);
        cluster.markReady(cluster.awaitDeployment("later-" + stable));
        HTTPRoute route = await().atMost(FakeCluster.WAIT).until(
                () -> client.resources(HTTPRoute.class).inNamespace(namespace).withName("later").get(), r -> r != null);
        assertThat(route.getSpec().getRules().get(0).getBackendRefs().get(0).getWeight()).isEqualTo(100);
        await().atMost(FakeCluster.WAIT).until(() -> cluster.md("later").getStatus().phase == Phase.Healthy);
    }

    private void touch(String namespace) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").putObject("annotations").put("test.kiln.dev/touch", "1");
        client.resources(ModelDeployment.class).inNamespace(namespace).withName("later")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }
}
