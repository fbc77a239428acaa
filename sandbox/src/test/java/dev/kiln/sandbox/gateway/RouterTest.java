package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonNode CLASSIFIER = json("""
            {"metadata": {"namespace": "default", "name": "classifier"}, "spec": {"model": {"name": "cls"}}}""");
    private static final JsonNode CLASSIFIER_B = json("""
            {"metadata": {"namespace": "team-b", "name": "classifier"}, "spec": {"model": {"name": "cls"}}}""");
    private static final JsonNode DETECTOR = json("""
            {"metadata": {"namespace": "default", "name": "detector"}, "spec": {"model": {"name": "det"}}}""");
    private static final JsonNode SERVICE = json("""
            {"metadata": {"namespace": "default", "name": "classifier"},
             "spec": {"selector": {"kiln.dev/deployment": "classifier", "kiln.dev/revision": "r1"},
                      "ports": [{"name": "http", "port": 8080, "targetPort": "http"}]}}""");

    @ParameterizedTest(name = "{0} with header [{1}] -> {2}")
    @CsvSource(nullValues = "-", value = {
            "/v2/models/cls/infer, -, 409",
            "/v2/models/cls/infer, default/classifier, 200",
            "/v2/models/cls/infer, team-b/classifier, 503",
            "/v2/models/cls/infer, nobody, 404",
            "/v2/models/det/infer, -, 503",
            "/v2/models/unknown/infer, -, 404",
            "/v2/health/ready, -, 409",
            "/v2/health/ready, default/classifier, 200",
            "/metrics, -, 404",
    })
    void picksTheModelDeploymentFromPathAndHeader(String path, String header, int expected) {
        RoutingSnapshot snapshot = new RoutingSnapshot(List.of(CLASSIFIER, CLASSIFIER_B, DETECTOR), List.of(SERVICE),
                List.of(pod("classifier-a", "r1", "127.1.0.1", true)), List.of());
        Route route = Router.route(snapshot, path, header);
        int status = route instanceof Route.Refused r ? r.status() : 200;
        assertThat(status).as(route.toString()).isEqualTo(expected);
    }

    @Test
    void ambiguityIsExplainedWithTheHeaderToUse() {
        RoutingSnapshot snapshot = new RoutingSnapshot(List.of(CLASSIFIER, CLASSIFIER_B), List.of(), List.of(), List.of());
        Route.Refused refused = (Route.Refused) Router.route(snapshot, "/v2/models/cls/infer", null);
        assertThat(refused.message()).contains("default/classifier, team-b/classifier")
                .contains("Kiln-Deployment: <namespace>/<name>");
    }

    @Test
    void replicaRatioUsesTheReadyPodsTheServiceSelectsAtTheNamedPort() {
        RoutingSnapshot snapshot = new RoutingSnapshot(List.of(CLASSIFIER), List.of(SERVICE), List.of(
                pod("a", "r1", "127.1.0.1", true), pod("b", "r1", "127.1.0.2", false), pod("c", "r2", "127.1.0.3", true),
                pod("d", "r1", "127.1.0.4", true)), List.of());
        Route.To to = (Route.To) Router.route(snapshot, "/v2/models/cls/infer", null);
        assertThat(to.pools()).singleElement().satisfies(pool -> {
            assertThat(pool.weight()).isEqualTo(1);
            assertThat(pool.endpoints()).extracting(Route.Endpoint::pod).containsExactly("a", "d");
            assertThat(pool.endpoints()).extracting(Route.Endpoint::port).containsOnly(8081);
        });
    }

    @Test
    void kilnHttpRouteWeightsSplitBetweenItsServices() {
        JsonNode canaryService = json("""
                {"metadata": {"namespace": "default", "name": "classifier-canary"},
                 "spec": {"selector": {"kiln.dev/revision": "r2"}, "ports": [{"port": 8080, "targetPort": 8081}]}}""");
        JsonNode route = json("""
                {"metadata": {"namespace": "default", "name": "classifier", "labels": {"kiln.dev/deployment": "classifier"}},
                 "spec": {"rules": [{"backendRefs": [{"name": "classifier", "port": 8080, "weight": 90},
                                                     {"name": "classifier-canary", "port": 8080, "weight": 10}]}]}}""");
        RoutingSnapshot snapshot = new RoutingSnapshot(List.of(CLASSIFIER), List.of(SERVICE, canaryService),
                List.of(pod("a", "r1", "127.1.0.1", true), pod("c", "r2", "127.1.0.3", true)), List.of(route));
        Route.To to = (Route.To) Router.route(snapshot, "/v2/models/cls/infer", null);
        assertThat(to.pools()).extracting(Route.Pool::service, Route.Pool::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("default/classifier", 90),
                        org.assertj.core.groups.Tuple.tuple("default/classifier-canary", 10));
        assertThat(to.pools().get(1).endpoints()).extracting(Route.Endpoint::pod).containsExactly("c");
    }

    /** What a Service DNS name in a pod's ConfigMap becomes: the ready pods of that one Service, at its port. */
    @Test
    void serviceAddressedRequestsGoToThatServicesReadyPods() {
        JsonNode canaryService = json("""
                {"metadata": {"namespace": "default", "name": "classifier-canary"},
                 "spec": {"selector": {"kiln.dev/revision": "r2"}, "ports": [{"port": 8080, "targetPort": "http"}]}}""");
        RoutingSnapshot snapshot = new RoutingSnapshot(List.of(CLASSIFIER), List.of(SERVICE, canaryService),
                List.of(pod("a", "r1", "127.1.0.1", true), pod("c", "r2", "127.1.0.3", true),
                        pod("d", "r2", "127.1.0.4", false)), List.of());
        Route.To to = (Route.To) Router.service(snapshot, "default", "classifier-canary", 8080);
        assertThat(to.pools()).singleElement().satisfies(pool ->
                assertThat(pool.endpoints()).extracting(Route.Endpoint::pod, Route.Endpoint::port)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("c", 8081)));
        assertThat(((Route.To) Router.service(snapshot, "default", "classifier-canary", 9999)).pools().get(0).endpoints())
                .as("no such Service port").isEmpty();
        Route.Refused missing = (Route.Refused) Router.service(snapshot, "default", "nope", 8080);
        assertThat(missing.status()).isEqualTo(503);
        assertThat(missing.message()).contains("no Service default/nope");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "/services/ns1/m-canary:8080/v2/models/cls/infer, ns1, m-canary, 8080, /v2/models/cls/infer",
            "/services/ns1/m-canary:80,                       ns1, m-canary, 80,   /",
            "/services/ns1/m-canary/v2/models/cls/infer,      -,   -,        0,    -",
            "/v2/models/cls/infer,                            -,   -,        0,    -",
    })
    void servicePathsParse(String path, String ns, String service, int port, String rest) {
        var target = ServicePath.parse(path);
        if (ns == null) {
            assertThat(target).isEmpty();
        } else {
            assertThat(target).contains(new ServicePath.Target(ns, service, port, rest));
            assertThat(ServicePath.of(ns, service, port) + (rest.equals("/") ? "" : rest)).isEqualTo(path);
        }
    }

    private static JsonNode pod(String name, String revision, String ip, boolean ready) {
        return json("""
                {"metadata": {"namespace": "default", "name": "%s",
                              "labels": {"kiln.dev/deployment": "classifier", "kiln.dev/revision": "%s"}},
                 "spec": {"containers": [{"name": "server", "ports": [{"name": "http", "containerPort": 8081}]}]},
                 "status": {"podIP": "%s", "conditions": [{"type": "Ready", "status": "%s"}]}}"""
                .formatted(name, revision, ip, ready ? "True" : "False"));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
