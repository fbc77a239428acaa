package dev.kiln.operator.reconciler;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Whether the cluster serves HTTPRoutes (gateway.networking.k8s.io/v1), asked through discovery (no RBAC
 * needed). Asked when the controller starts: the HTTPRoute informer is registered only then, so the operator
 * starts and serves replicas traffic on a cluster without the Gateway API CRDs. While the kind is missing, a
 * ModelDeployment that asks for gatewayAPI traffic makes the operator ask again, at most once per
 * {@link #RECHECK}, and the informer is registered as soon as the CRDs are installed.
 */
@ApplicationScoped
public class GatewayApiSupport {

    /** How often a refused gatewayAPI spec makes the operator look for the HTTPRoute kind again. */
    static final Duration RECHECK = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(GatewayApiSupport.class);

    private volatile boolean served;
    private Instant lastAsked;

    /** At start: asks and remembers the answer. */
    synchronized boolean detect(KubernetesClient client) {
        served = ask(client);
        LOG.infof("Gateway API HTTPRoutes %s: gatewayAPI canary traffic is %s", served ? "served" : "not served",
                served ? "available" : "refused until the Gateway API CRDs are installed");
        return served;
    }

    /**
     * While the kind is not served, asks again when {@link #RECHECK} has passed since the last time; once it is
     * served, {@code watch} registers the informer (once).
     *
     * @return whether HTTPRoutes are served (and watched) now
     */
    synchronized boolean recheck(KubernetesClient client, Instant now, Consumer<KubernetesClient> watch) {
        if (served) {
            return true;
        }
        if (lastAsked != null && now.isBefore(lastAsked.plus(RECHECK))) {
            return false;
        }
        lastAsked = now;
        if (ask(client)) {
            watch.accept(client);
            served = true;
            LOG.info("Gateway API HTTPRoutes are served now: watching them; gatewayAPI canary traffic is available");
        }
        return served;
    }

    public boolean served() {
        return served;
    }

    private static boolean ask(KubernetesClient client) {
        try {
            return client.supports(HTTPRoute.class);
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot tell whether the cluster serves HTTPRoutes (%s); gatewayAPI traffic is refused for now",
                    e.getMessage());
            return false;
        }
    }
}
