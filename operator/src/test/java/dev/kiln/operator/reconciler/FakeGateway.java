package dev.kiln.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plays a Gateway API controller on the mock API server: accepts an HTTPRoute by writing status.parents, one
 * entry per parentRef with Accepted=True for the route's current generation.
 */
final class FakeGateway {

    static final String CONTROLLER = "test.kiln.dev/gateway";

    private final KubernetesClient client;
    private final String namespace;

    FakeGateway(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    HTTPRoute route(String name) {
        return client.resources(HTTPRoute.class).inNamespace(namespace).withName(name).get();
    }

    /** Accepts the route as it is now, unless it already says so; false when there is no route. */
    boolean accept(String name) {
        HTTPRoute route = route(name);
        if (route == null) {
            return false;
        }
        Long generation = route.getMetadata().getGeneration();
        boolean current = route.getStatus() != null && route.getStatus().getParents() != null
                && !route.getStatus().getParents().isEmpty()
                && route.getStatus().getParents().stream().allMatch(p -> p.getConditions().stream()
                        .allMatch(c -> Objects.equals(c.getObservedGeneration(), generation)));
        if (current) {
            return true;
        }
        List<RouteParentStatus> parents = new ArrayList<>();
        for (ParentReference ref : route.getSpec().getParentRefs()) {
            parents.add(new RouteParentStatusBuilder()
                    .withControllerName(CONTROLLER)
                    .withParentRef(ref)
                    .addToConditions(new ConditionBuilder().withType("Accepted").withStatus("True")
                            .withReason("Accepted").withMessage("accepted by the test")
                            .withObservedGeneration(generation).withLastTransitionTime("2026-11-29T06:00:00Z")
                            .build())
                    .build());
        }
        route.setStatus(new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder()
                .withParents(parents).build());
        try {
            client.resources(HTTPRoute.class).inNamespace(namespace).resource(route).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return false; // the operator changed the route meanwhile: accept the new generation next time
        }
        return true;
    }
}
