package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.resources.KilnLabels.Track;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-track Services {@code <name>-stable} and {@code <name>-canary}: each selects the serving pods of one
 * revision, so an HTTPRoute can weight the tracks and stable pods can mirror requests to the canary.
 */
public final class TrackServiceBuilder {

    private TrackServiceBuilder() {
    }

    public static String name(ModelDeployment md, Track track) {
        return track == Track.stable ? ResourceNames.stableService(md) : ResourceNames.canaryService(md);
    }

    /** @param revision the revision whose serving pods the Service selects */
    public static Service service(ModelDeployment md, Track track, String revision) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(KilnLabels.DEPLOYMENT, md.getMetadata().getName());
        selector.put(KilnLabels.REVISION, revision);
        selector.put(KilnLabels.COMPONENT, KilnLabels.SERVER);
        Map<String, String> labels = KilnLabels.forDeployment(md);
        labels.put(KilnLabels.TRACK, track.name());
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(name(md, track))
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
                        .withPort(ServingServiceBuilder.port(md))
                        .withTargetPort(new IntOrString(ServingDeploymentBuilder.PORT_NAME))
                    .endPort()
                .endSpec()
                .build();
    }
}
