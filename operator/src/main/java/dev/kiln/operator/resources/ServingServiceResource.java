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
        apply(md, stableRevision, false, live, context);
    }

    /** @param allRevisions select every revision's serving pods (replica-ratio canary traffic) */
    public void apply(ModelDeployment md, String stableRevision, boolean allRevisions, Optional<Service> live,
                      Context<ModelDeployment> context) {
        ServiceWriter.apply(ServingServiceBuilder.service(md, stableRevision, allRevisions), live, context);
    }
}
