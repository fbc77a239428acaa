package dev.kiln.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Lets two operator replicas run with one active. The operator SDK extension looks this bean up and uses it
 * only in the profiles it activates leader election for (prod by default), so tests and dev mode reconcile
 * without a Lease. The Lease lives in the namespace the Kubernetes client defaults to (KUBERNETES_NAMESPACE,
 * set from the pod's namespace by the install manifests).
 */
@Singleton
public class KilnLeaderElection extends LeaderElectionConfiguration {

    @Inject
    public KilnLeaderElection(KilnConfig config) {
        super(config.leaderElection().leaseName(), null, LEASE_DURATION_DEFAULT_VALUE, RENEW_DEADLINE_DEFAULT_VALUE,
                RETRY_PERIOD_DEFAULT_VALUE, null, null, config.leaderElection().exitOnStopLeading());
    }
}
