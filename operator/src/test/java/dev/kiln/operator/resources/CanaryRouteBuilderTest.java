package dev.kiln.operator.resources;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.TrafficSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CanaryRouteBuilderTest {

    static ModelDeployment gatewayMd() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().serving.port = 9000;
        md.getSpec().rollout.traffic.gatewayAPI = new TrafficSpec.GatewayApi();
        TrafficSpec.ParentRef internal = new TrafficSpec.ParentRef();
        internal.name = "internal";
        TrafficSpec.ParentRef shared = new TrafficSpec.ParentRef();
        shared.name = "public";
        shared.namespace = "gateways";
        shared.sectionName = "https";
        md.getSpec().rollout.traffic.gatewayAPI.parentRefs = List.of(internal, shared);
        return md;
    }

    @Test
    void routeAttachesToTheSpecsGatewaysAndWeightsTheTrackServices() {
        ModelDeployment md = gatewayMd();
        md.getSpec().rollout.traffic.gatewayAPI.hostnames = List.of("models.example.com");
        md.getSpec().rollout.traffic.gatewayAPI.path = "/v2";

        HTTPRoute route = CanaryRouteBuilder.route(md, 30);

        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(route.getMetadata().getName()).isEqualTo("orientation");
        assertThat(route.getMetadata().getLabels()).containsEntry(KilnLabels.DEPLOYMENT, "orientation")
                .containsEntry(KilnLabels.MANAGED_BY, KilnLabels.KILN);
        assertThat(route.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getController()).isTrue());
        assertThat(route.getSpec().getParentRefs())
                .extracting(ParentReference::getName, ParentReference::getNamespace, ParentReference::getSectionName,
                        ParentReference::getKind)
                .containsExactly(tuple("internal", null, null, "Gateway"), tuple("public", "gateways", "https", "Gateway"));
        assertThat(route.getSpec().getHostnames()).containsExactly("models.example.com");
        var rule = route.getSpec().getRules().get(0);
        assertThat(rule.getMatches()).singleElement().satisfies(m -> {
            assertThat(m.getPath().getType()).isEqualTo("PathPrefix");
            assertThat(m.getPath().getValue()).isEqualTo("/v2");
        });
        assertThat(rule.getBackendRefs())
                .extracting(HTTPBackendRef::getName, HTTPBackendRef::getKind, HTTPBackendRef::getPort, HTTPBackendRef::getWeight)
                .containsExactly(tuple("orientation-stable", "Service", 9000, 70), tuple("orientation-canary", "Service", 9000, 30));
    }

    @Test
    void withoutHostnamesTheRouteTakesTheListenersAndThePathDefaultsToRoot() {
        ModelDeployment md = gatewayMd();
        md.getSpec().rollout.traffic.gatewayAPI.path = null;
        HTTPRoute route = CanaryRouteBuilder.route(md, 0);
        assertThat(route.getSpec().getHostnames()).isNullOrEmpty();
        assertThat(route.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue()).isEqualTo("/");
        assertThat(CanaryRouteBuilder.weights(md, 0).stableWeight()).isEqualTo(100);
    }

    /** Weights are written with a JSON patch that replaces spec and labels, sets Kiln's annotation, tests nothing. */
    @Test
    void theWeightPatchCarriesNoResourceVersionAndKeepsOtherAnnotations() {
        ModelDeployment md = gatewayMd();
        HTTPRoute live = CanaryRouteBuilder.route(md, 0);
        live.getMetadata().setResourceVersion("42");
        live.getMetadata().setAnnotations(new java.util.HashMap<>(java.util.Map.of("team", "ml")));
        String patch = CanaryRouteResource.jsonPatch(AppliedHash.stamp(CanaryRouteBuilder.route(md, 50)), live).toString();
        assertThat(patch).doesNotContain("resourceVersion").doesNotContain("\"test\"").doesNotContain("team")
                .contains("\"path\":\"/spec\"").contains("/metadata/annotations/kiln.dev~1applied-hash")
                .contains("\"weight\":50");
    }
}
