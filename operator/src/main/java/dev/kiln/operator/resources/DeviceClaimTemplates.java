package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.placement.AcceleratorProfile;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplateBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ResourceClaimTemplate (resource.k8s.io/v1) through which the pods of a DRA accelerator class claim
 * their devices: each pod gets its own claim for {@code perReplica} devices of the class's DeviceClass.
 */
@ApplicationScoped
public class DeviceClaimTemplates {

    static final String REQUEST = "accelerator";

    public static ResourceClaimTemplate template(ModelDeployment md, AcceleratorProfile profile) {
        return new ResourceClaimTemplateBuilder()
                .withNewMetadata()
                    .withName(ResourceNames.deviceClaims(md, profile.name()))
                    .withNamespace(md.getMetadata().getNamespace())
                    .withLabels(KilnLabels.forDeployment(md))
                    .addToLabels(KilnLabels.ACCELERATOR, profile.name())
                    .withOwnerReferences(Owners.controlledBy(md))
                .endMetadata()
                .withNewSpec().withNewSpec().withNewDevices()
                    .addNewRequest().withName(REQUEST).withNewExactly()
                        .withDeviceClassName(profile.deviceClassName())
                        .withAllocationMode("ExactCount")
                        .withCount((long) profile.perReplica())
                    .endExactly().endRequest()
                .endDevices().endSpec().endSpec()
                .build();
    }

    /** Creates the template, or brings it up to date when the class changed. */
    public void apply(ModelDeployment md, AcceleratorProfile profile, Context<ModelDeployment> context) {
        ResourceClaimTemplate desired = template(md, profile);
        ResourceClaimTemplate live = context.getClient().resource(desired).get();
        if (live == null) {
            context.getClient().resource(desired).create();
        } else if (!live.getSpec().equals(desired.getSpec())) {
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            context.getClient().resource(desired).update();
        }
    }
}
