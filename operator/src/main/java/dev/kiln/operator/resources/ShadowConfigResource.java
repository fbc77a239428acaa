package dev.kiln.operator.resources;

import dev.kiln.contract.ShadowSettings;
import dev.kiln.operator.api.ModelDeployment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Keeps the shadow settings ConfigMap at what the rollout asks, every reconcile (so a write that failed is made
 * again): created the first time mirroring is wanted, then only rewritten; an absent one already means off.
 */
@ApplicationScoped
public class ShadowConfigResource {

    public void apply(ModelDeployment md, ShadowSettings desired, Optional<ConfigMap> live,
                      Context<ModelDeployment> context) {
        if (ShadowConfigBuilder.inEffect(desired, live)) {
            return;
        }
        ConfigMap wanted = ShadowConfigBuilder.configMap(md, desired);
        if (live.isEmpty()) {
            context.getClient().configMaps().resource(wanted).create();
        } else {
            wanted.getMetadata().setResourceVersion(live.get().getMetadata().getResourceVersion());
            context.getClient().configMaps().resource(wanted).update();
        }
    }
}
