package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.TrafficSpec;
import dev.kiln.operator.rollout.RouteWeights;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The HTTPRoute of gatewayAPI traffic: the spec's parentRefs, hostnames and path prefix, and one rule with two
 * backendRefs, {@code <name>-stable} and {@code <name>-canary}, weighted 100 - w and w.
 */
public final class CanaryRouteBuilder {

    static final String GATEWAY_GROUP = "gateway.networking.k8s.io";

    private CanaryRouteBuilder() {
    }

    public static RouteWeights weights(ModelDeployment md, int canaryWeight) {
        return RouteWeights.of(ResourceNames.stableService(md), ResourceNames.canaryService(md), canaryWeight);
    }

    public static HTTPRoute route(ModelDeployment md, int canaryWeight) {
        TrafficSpec.GatewayApi gateway = md.getSpec().rollout.traffic.gatewayAPI;
        RouteWeights weights = weights(md, canaryWeight);
        int port = ServingServiceBuilder.port(md);
        List<ParentReference> parents = new ArrayList<>();
        for (TrafficSpec.ParentRef ref : gateway.parentRefs) {
            parents.add(new ParentReferenceBuilder()
                    .withGroup(GATEWAY_GROUP)
                    .withKind("Gateway")
                    .withName(ref.name)
                    .withNamespace(ref.namespace)
                    .withSectionName(ref.sectionName)
                    .build());
        }
        return new HTTPRouteBuilder()
                .withNewMetadata()
                    .withName(ResourceNames.route(md))
                    .withNamespace(md.getMetadata().getNamespace())
                    .withLabels(KilnLabels.forDeployment(md))
                    .withOwnerReferences(Owners.controlledBy(md))
                .endMetadata()
                .withNewSpec()
                    .withParentRefs(parents)
                    .withHostnames(gateway.hostnames == null || gateway.hostnames.isEmpty()
                            ? null : List.copyOf(gateway.hostnames))
                    .addNewRule()
                        .addNewMatch()
                            .withNewPath().withType("PathPrefix").withValue(gateway.path == null ? "/" : gateway.path)
                            .endPath()
                        .endMatch()
                        .withBackendRefs(backend(weights.stableService(), port, weights.stableWeight()),
                                backend(weights.canaryService(), port, weights.canaryWeight()))
                    .endRule()
                .endSpec()
                .build();
    }

    private static HTTPBackendRef backend(String service, int port, int weight) {
        return new HTTPBackendRefBuilder().withGroup("").withKind("Service").withName(service).withPort(port)
                .withWeight(weight).build();
    }
}
