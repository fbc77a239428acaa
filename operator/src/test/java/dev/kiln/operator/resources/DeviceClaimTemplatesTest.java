package dev.kiln.operator.resources;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ShippedAcceleratorClasses;
import dev.kiln.operator.placement.AcceleratorProfile;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceClaimTemplatesTest {

    @Test
    void eachPodClaimsPerReplicaDevicesOfTheClasssDeviceClass() {
        var dra = ShippedAcceleratorClasses.load("nvidia-gpu-dra");
        dra.getSpec().perReplica = 2;

        ResourceClaimTemplate template = DeviceClaimTemplates.template(Fixtures.md("ocr"), AcceleratorProfile.from(dra));

        assertThat(template.getApiVersion()).isEqualTo("resource.k8s.io/v1");
        assertThat(template.getMetadata().getName()).isEqualTo("ocr-nvidia-gpu-dra");
        assertThat(template.getMetadata().getNamespace()).isEqualTo(Fixtures.NAMESPACE);
        assertThat(template.getMetadata().getLabels()).containsEntry(KilnLabels.DEPLOYMENT, "ocr")
                .containsEntry(KilnLabels.ACCELERATOR, "nvidia-gpu-dra");
        assertThat(template.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-ocr"));
        assertThat(template.getSpec().getSpec().getDevices().getRequests()).singleElement().satisfies(request -> {
            assertThat(request.getName()).isEqualTo("accelerator");
            assertThat(request.getExactly().getDeviceClassName()).isEqualTo("gpu.nvidia.com");
            assertThat(request.getExactly().getAllocationMode()).isEqualTo("ExactCount");
            assertThat(request.getExactly().getCount()).isEqualTo(2L);
        });
    }
}
