package dev.kiln.operator.reconciler;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The install's watched-namespaces setting (QUARKUS_OPERATOR_SDK_NAMESPACES in deploy/operator/operator-config.yaml
 * and the Helm chart's watchNamespaces) reaches the ModelDeployment controller.
 */
@QuarkusTest
@TestProfile(WatchedNamespacesTest.TwoNamespaces.class)
@WithKubernetesTestServer(crud = true, setup = KilnCrdSetup.class)
class WatchedNamespacesTest {

    public static class TwoNamespaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.operator-sdk.namespaces", "team-a,team-b");
        }
    }

    @Inject
    Operator operator;

    @Test
    void theControllerWatchesTheConfiguredNamespaces() {
        var controller = operator.getRegisteredController(ModelDeploymentReconciler.NAME).orElseThrow();
        assertThat(controller.getConfiguration().getInformerConfig().getNamespaces())
                .containsExactlyInAnyOrder("team-a", "team-b");
    }
}
