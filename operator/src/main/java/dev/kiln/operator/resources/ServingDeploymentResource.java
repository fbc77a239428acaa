package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.config.KilnConfig;
import dev.kiln.operator.plan.Decision.ServingRevision;
import dev.kiln.operator.plan.Decision.StableScale;
import dev.kiln.operator.target.ServingTarget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;
import java.util.Optional;

/** Creates, updates, scales and deletes the inference Deployments, one per revision. */
@ApplicationScoped
public class ServingDeploymentResource {

    private final KilnConfig config;

    public ServingDeploymentResource(KilnConfig config) {
        this.config = config;
    }

    public void apply(ModelDeployment md, ServingRevision revision, ServingTarget target, Optional<Deployment> live,
                      Context<ModelDeployment> context) {
        // Only Deployments created by this operator version mount the shadow settings: adding them to an existing
        // one would restart its pods.
        boolean shadowConfig = live.map(ShadowConfigBuilder::readsShadowConfig).orElse(true);
        Deployment desired = AppliedHash.stamp(ServingDeploymentBuilder.deployment(md, revision, target, config,
                shadowConfig));
        if (live.isEmpty()) {
            context.resourceOperations().create(desired);
        } else if (!AppliedHash.matches(desired, live)) {
            desired.getMetadata().setResourceVersion(live.get().getMetadata().getResourceVersion());
            // The API server ignores status on update; carrying it keeps servers without a status subresource
            // (the mock API of the tests) from wiping it.
            desired.setStatus(live.get().getStatus());
            context.resourceOperations().update(desired);
        }
    }

    /** Only the replica count of an older stable revision follows the spec; the rest stays as it was. */
    public void scale(StableScale scale, Deployment live, Context<ModelDeployment> context) {
        if (!Objects.equals(live.getSpec().getReplicas(), scale.replicas())) {
            context.resourceOperations().jsonPatch(live, d -> {
                d.getSpec().setReplicas(scale.replicas());
                return d;
            });
        }
    }

    public void delete(ModelDeployment md, String name, Context<ModelDeployment> context) {
        context.getClient().apps().deployments().inNamespace(md.getMetadata().getNamespace()).withName(name).delete();
    }
}
