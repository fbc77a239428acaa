package dev.kiln.operator.reconciler;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Whether the cluster serves HTTPRoutes (gateway.networking.k8s.io/v1), asked once when the controller starts:
 * the HTTPRoute informer is registered only then, so the operator starts and serves replicas traffic on a
 * cluster without the Gateway API CRDs. Installing them later takes an operator restart.
 */
@ApplicationScoped
public class GatewayApiSupport {

    private static final Logger LOG = Logger.getLogger(GatewayApiSupport.class);

    private volatile boolean served;

    /** Asks the API server's discovery (no RBAC needed) and remembers the answer. */
    boolean detect(KubernetesClient client) {
        try {
            served = client.supports(HTTPRoute.class);
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot tell whether the cluster serves HTTPRoutes (%s); gatewayAPI traffic is refused",
                    e.getMessage());
            served = false;
        }
        LOG.infof("Gateway API HTTPRoutes %s: gatewayAPI canary traffic is %s", served ? "served" : "not served",
                served ? "available" : "refused until the Gateway API CRDs are installed and the operator restarts");
        return served;
    }

    public boolean served() {
        return served;
    }
}
