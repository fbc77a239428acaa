package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.plan.TrackRouting;
import dev.kiln.operator.resources.KilnLabels.Track;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * Creates {@code <name>-stable} and {@code <name>-canary} as the decision's routing asks, moves their selectors,
 * and deletes one the decision no longer wants.
 */
@ApplicationScoped
public class TrackServiceResource {

    public void apply(ModelDeployment md, TrackRouting routing, List<Service> observed,
                      Context<ModelDeployment> context) {
        apply(md, Track.stable, routing.stableService(), observed, context);
        apply(md, Track.canary, routing.canaryService(), observed, context);
    }

    private void apply(ModelDeployment md, Track track, Optional<String> revision, List<Service> observed,
                       Context<ModelDeployment> context) {
        String name = TrackServiceBuilder.name(md, track);
        Optional<Service> live = observed.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
        if (revision.isPresent()) {
            ServiceWriter.apply(TrackServiceBuilder.service(md, track, revision.get()), live, context);
        } else if (live.isPresent()) {
            context.getClient().services().inNamespace(md.getMetadata().getNamespace()).withName(name).delete();
        }
    }
}
