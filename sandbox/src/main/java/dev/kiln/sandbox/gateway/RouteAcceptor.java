package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox gateway's part as a Gateway API controller, pure: for a Kiln HTTPRoute (labelled
 * {@code kiln.dev/deployment}, the routes the gateway serves) the status a controller would write, with one
 * entry per parentRef saying {@code Accepted=True} for the route's current generation, and whether its Service
 * backends exist ({@code ResolvedRefs}). The sandbox has no Gateway objects: it plays every Gateway a route
 * names. Other routes are left alone.
 */
public final class RouteAcceptor {

    public static final String CONTROLLER_NAME = "sandbox.kiln.dev/gateway";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RouteAcceptor() {
    }

    /**
     * @param services the Services of the cluster, for ResolvedRefs
     * @return the route's new status; empty when the route is not Kiln's or its status already says so
     */
    public static Optional<ObjectNode> status(JsonNode route, List<JsonNode> services, Instant now) {
        if (!route.at("/metadata/labels").has(Router.DEPLOYMENT_LABEL) || route.at("/spec/parentRefs").isEmpty()) {
            return Optional.empty();
        }
        long generation = route.at("/metadata/generation").asLong(0);
        String missing = missingBackend(route, services);
        ObjectNode status = JSON.objectNode();
        ArrayNode parents = status.putArray("parents");
        for (JsonNode ref : route.at("/spec/parentRefs")) {
            ObjectNode parent = parents.addObject();
            parent.set("parentRef", ref.deepCopy());
            parent.put("controllerName", CONTROLLER_NAME);
            ArrayNode conditions = parent.putArray("conditions");
            JsonNode previous = previousParent(route, ref);
            conditions.add(condition(previous, "Accepted", true, "Accepted",
                    "accepted by the sandbox gateway", generation, now));
            conditions.add(missing == null
                    ? condition(previous, "ResolvedRefs", true, "ResolvedRefs", "every backendRef resolves",
                            generation, now)
                    : condition(previous, "ResolvedRefs", false, "BackendNotFound", "Service " + missing
                            + " does not exist", generation, now));
        }
        return status.equals(route.path("status")) ? Optional.empty() : Optional.of(status);
    }

    private static String missingBackend(JsonNode route, List<JsonNode> services) {
        String namespace = route.at("/metadata/namespace").asText();
        for (JsonNode rule : route.at("/spec/rules")) {
            for (JsonNode ref : rule.path("backendRefs")) {
                if (!ref.path("kind").asText("Service").equals("Service")) {
                    continue;
                }
                String ns = ref.path("namespace").asText(namespace);
                String name = ref.path("name").asText();
                boolean exists = services.stream().anyMatch(s -> ns.equals(s.at("/metadata/namespace").asText())
                        && name.equals(s.at("/metadata/name").asText()));
                if (!exists) {
                    return ns + "/" + name;
                }
            }
        }
        return null;
    }

    private static JsonNode previousParent(JsonNode route, JsonNode ref) {
        for (JsonNode parent : route.at("/status/parents")) {
            if (parent.path("parentRef").equals(ref) && CONTROLLER_NAME.equals(parent.path("controllerName").asText())) {
                return parent;
            }
        }
        return null;
    }

    /** lastTransitionTime moves only when the condition's status changes, as Kubernetes conditions do. */
    private static ObjectNode condition(JsonNode previousParent, String type, boolean status, String reason,
                                        String message, long generation, Instant now) {
        String value = status ? "True" : "False";
        String since = now.toString();
        if (previousParent != null) {
            for (JsonNode c : previousParent.path("conditions")) {
                if (type.equals(c.path("type").asText()) && value.equals(c.path("status").asText())
                        && c.path("lastTransitionTime").isTextual()) {
                    since = c.path("lastTransitionTime").asText();
                }
            }
        }
        ObjectNode condition = JSON.objectNode();
        condition.put("type", type);
        condition.put("status", value);
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("observedGeneration", generation);
        condition.put("lastTransitionTime", since);
        return condition;
    }
}
