package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stable Service: one name for clients, routing to the pods of the stable revision. Moving its selector
 * to a new revision is the blue/green switch.
 */
public final class ServingServiceBuilder {

    private ServingServiceBuilder() {
    }

    /** The port every Kiln Service of the ModelDeployment listens on: spec.serving.port. */
    public static int port(ModelDeployment md) {
        return md.getSpec().serving == null || md.getSpec().serving.port == null ? 8080 : md.getSpec().serving.port;
    }

    public static Service service(ModelDeployment md, String stableRevision) {
        return service(md, stableRevision, false);
    }

    /**
     * @param allRevisions select the serving pods of every revision (replica-ratio canary traffic): a selector
     *                     cannot list two revisions, and a new pod label would restart the stable pods
     */
    public static Service service(ModelDeployment md, String stableRevision, boolean allRevisions) {
        int port = port(md);
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(KilnLabels.DEPLOYMENT, md.getMetadata().getName());
        if (allRevisions) {
            selector.put(KilnLabels.COMPONENT, KilnLabels.SERVER);
        } else {
            selector.put(KilnLabels.REVISION, stableRevision);
        }
        Map<String, String> labels = KilnLabels.forDeployment(md);
        labels.put(KilnLabels.TRACK, KilnLabels.Track.stable.name());
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(ResourceNames.service(md))
                    .withNamespace(md.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withOwnerReferences(Owners.controlledBy(md))
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(selector)
                    .addNewPort()
                        .withName(ServingDeploymentBuilder.PORT_NAME)
                        .withProtocol("TCP")
                        .withPort(port)
                        .withTargetPort(new IntOrString(ServingDeploymentBuilder.PORT_NAME))
                    .endPort()
                .endSpec()
                .build();
    }
}
