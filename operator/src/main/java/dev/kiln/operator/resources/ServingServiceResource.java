package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Creates the stable Service and moves its selector to the stable revision. */
@ApplicationScoped
public class ServingServiceResource {

    public void apply(ModelDeployment md, String stableRevision, Optional<Service> live,
                      Context<ModelDeployment> context) {
        Service desired = AppliedHash.stamp(ServingServiceBuilder.service(md, stableRevision));
        if (live.isEmpty()) {
            context.resourceOperations().create(desired);
        } else if (!AppliedHash.matches(desired, live)) {
            // Keep what the API server allocated (clusterIP) by changing only the fields Kiln owns.
            context.resourceOperations().jsonPatch(live.get(), s -> {
                s.getMetadata().setLabels(desired.getMetadata().getLabels());
                var annotations = new java.util.LinkedHashMap<String, String>();
                if (s.getMetadata().getAnnotations() != null) {
                    annotations.putAll(s.getMetadata().getAnnotations());
                }
                annotations.putAll(desired.getMetadata().getAnnotations());
                s.getMetadata().setAnnotations(annotations);
                s.getSpec().setSelector(desired.getSpec().getSelector());
                s.getSpec().setPorts(desired.getSpec().getPorts());
                return s;
            });
        }
    }
}
