package dev.kiln.operator.reconciler;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * Kiln's CRDs and the HTTPRoute kind (gateway.networking.k8s.io/v1, with a status subresource) in the mock API
 * server before the operator starts, so the operator finds the Gateway API served and watches HTTPRoutes.
 */
public class GatewayApiCrdSetup extends KilnCrdSetup {

    @Override
    public void accept(KubernetesServer server) {
        super.accept(server);
        server.getClient().apiextensions().v1().customResourceDefinitions().resource(httpRoutes()).create();
    }

    static CustomResourceDefinition httpRoutes() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("httproutes.gateway.networking.k8s.io").endMetadata()
                .withNewSpec()
                    .withGroup("gateway.networking.k8s.io")
                    .withScope("Namespaced")
                    .withNewNames().withPlural("httproutes").withSingular("httproute").withKind("HTTPRoute")
                        .withListKind("HTTPRouteList").endNames()
                    .addNewVersion()
                        .withName("v1").withServed(true).withStorage(true)
                        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
                            .withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema()
                        .withNewSubresources().withNewStatus().endStatus().endSubresources()
                    .endVersion()
                .endSpec()
                .build();
    }
}
