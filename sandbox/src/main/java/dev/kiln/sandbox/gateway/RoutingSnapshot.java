package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** What the gateway routes by, read from the API server: ModelDeployments, Services, pods and HTTPRoutes. */
public record RoutingSnapshot(List<JsonNode> modelDeployments, List<JsonNode> services, List<JsonNode> pods,
                              List<JsonNode> httpRoutes) {

    public static final RoutingSnapshot EMPTY = new RoutingSnapshot(List.of(), List.of(), List.of(), List.of());
}
