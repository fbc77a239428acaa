package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteAcceptorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-29T06:00:00Z");

    static ObjectNode route(long generation, String labels) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"metadata": {"name": "ocr", "namespace": "ml", "generation": %d, "labels": %s},
                 "spec": {"parentRefs": [{"name": "public"}, {"name": "internal", "namespace": "gw"}],
                   "rules": [{"backendRefs": [{"name": "ocr-stable", "port": 8080, "weight": 90},
                                              {"name": "ocr-canary", "port": 8080, "weight": 10}]}]}}"""
                .formatted(generation, labels));
    }

    static JsonNode service(String name) throws Exception {
        return JSON.readTree("{\"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"ml\"}}");
    }

    @Test
    void kilnRouteIsAcceptedByEveryParentForItsCurrentGeneration() throws Exception {
        ObjectNode route = route(3, "{\"kiln.dev/deployment\": \"ocr\"}");
        ObjectNode status = RouteAcceptor.status(route, List.of(service("ocr-stable"), service("ocr-canary")), T0)
                .orElseThrow();

        assertThat(status.path("parents")).hasSize(2);
        assertThat(status.at("/parents/1/parentRef/namespace").asText()).isEqualTo("gw");
        for (JsonNode parent : status.path("parents")) {
            assertThat(parent.path("controllerName").asText()).isEqualTo(RouteAcceptor.CONTROLLER_NAME);
            assertThat(parent.at("/conditions/0/type").asText()).isEqualTo("Accepted");
            assertThat(parent.at("/conditions/0/status").asText()).isEqualTo("True");
            assertThat(parent.at("/conditions/0/observedGeneration").asLong()).isEqualTo(3);
            assertThat(parent.at("/conditions/1/type").asText()).isEqualTo("ResolvedRefs");
            assertThat(parent.at("/conditions/1/status").asText()).isEqualTo("True");
        }

        // Written once: the same route with that status needs nothing; a new generation is accepted again,
        // keeping the time the condition became True.
        route.set("status", status);
        assertThat(RouteAcceptor.status(route, List.of(service("ocr-stable"), service("ocr-canary")), T0.plusSeconds(5)))
                .isEmpty();
        route.with("metadata").put("generation", 4);
        ObjectNode next = RouteAcceptor.status(route, List.of(service("ocr-stable"), service("ocr-canary")),
                T0.plusSeconds(9)).orElseThrow();
        assertThat(next.at("/parents/0/conditions/0/observedGeneration").asLong()).isEqualTo(4);
        assertThat(next.at("/parents/0/conditions/0/lastTransitionTime").asText()).isEqualTo(T0.toString());
    }

    @Test
    void aMissingBackendServiceIsReportedButTheRouteIsStillAccepted() throws Exception {
        ObjectNode status = RouteAcceptor.status(route(1, "{\"kiln.dev/deployment\": \"ocr\"}"),
                List.of(service("ocr-stable")), T0).orElseThrow();
        assertThat(status.at("/parents/0/conditions/0/status").asText()).isEqualTo("True");
        assertThat(status.at("/parents/0/conditions/1/status").asText()).isEqualTo("False");
        assertThat(status.at("/parents/0/conditions/1/reason").asText()).isEqualTo("BackendNotFound");
        assertThat(status.at("/parents/0/conditions/1/message").asText()).contains("ml/ocr-canary");
    }

    @Test
    void routesThatAreNotKilnsAreLeftToTheirControllers() throws Exception {
        assertThat(RouteAcceptor.status(route(1, "{\"app\": \"web\"}"), List.of(), T0)).isEmpty();
    }
}
