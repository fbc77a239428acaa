package dev.kiln.operator.reconciler;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With leader election active (production activates it; here the test profile does), the operator takes the
 * configured Lease before it reconciles, so a second replica waits.
 */
@QuarkusTest
@TestProfile(LeaderElectionTest.LeaderElectionActive.class)
@WithKubernetesTestServer(crud = true, setup = LeaderElectionTest.CrdsAndPermissions.class)
class LeaderElectionTest {

    public static class LeaderElectionActive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.operator-sdk.activate-leader-election-for-profiles", "test",
                    "kiln.operator.leader-election.lease-name", "kiln-test-leader",
                    "kiln.operator.leader-election.exit-on-stop-leading", "false",
                    "quarkus.kubernetes-client.namespace", "kiln-system");
        }
    }

    /**
     * The operator SDK checks its Lease permissions with a SelfSubjectRulesReview before it campaigns; the mock
     * API server has no authorization API, so it answers as a cluster granting exactly the install's Role.
     */
    public static class CrdsAndPermissions implements java.util.function.Consumer<io.quarkus.test.kubernetes.client.KubernetesServer> {
        @Override
        public void accept(io.quarkus.test.kubernetes.client.KubernetesServer server) {
            new KilnCrdSetup().accept(server);
            server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReturn(201, new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
                            .withNewStatus().addNewResourceRule().withApiGroups("coordination.k8s.io")
                            .withResources("leases").withVerbs("get", "create", "update").endResourceRule()
                            .withIncomplete(false).endStatus().build())
                    .always();
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void theOperatorHoldsTheConfiguredLease() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Lease lease = client.leases().inNamespace("kiln-system").withName("kiln-test-leader").get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        });
    }
}
