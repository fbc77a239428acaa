package dev.kiln.operator.resources;

import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.resources.KilnLabels.Track;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrackServiceBuilderTest {

    @Test
    void eachTrackServiceSelectsTheServingPodsOfOneRevision() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().serving.port = 9000;

        Service stable = TrackServiceBuilder.service(md, Track.stable, "aaa111");
        Service canary = TrackServiceBuilder.service(md, Track.canary, "bbb222");

        assertThat(stable.getMetadata().getName()).isEqualTo("orientation-stable");
        assertThat(canary.getMetadata().getName()).isEqualTo("orientation-canary");
        assertThat(canary.getSpec().getSelector()).containsOnly(Map.entry(KilnLabels.DEPLOYMENT, "orientation"),
                Map.entry(KilnLabels.REVISION, "bbb222"), Map.entry(KilnLabels.COMPONENT, KilnLabels.SERVER));
        assertThat(stable.getSpec().getSelector()).containsEntry(KilnLabels.REVISION, "aaa111");
        assertThat(canary.getMetadata().getLabels()).containsEntry(KilnLabels.TRACK, "canary")
                .containsEntry(KilnLabels.MANAGED_BY, KilnLabels.KILN).doesNotContainKey(KilnLabels.REVISION);
        assertThat(canary.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-orientation"));
        assertThat(canary.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(9000);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo(ServingDeploymentBuilder.PORT_NAME);
        });
    }

    @Test
    void aLongNameIsCutButKeepsTheTrackSuffix() {
        ModelDeployment md = Fixtures.md("m".repeat(63));
        assertThat(TrackServiceBuilder.name(md, Track.canary)).hasSize(63).endsWith("-canary");
        assertThat(TrackServiceBuilder.name(md, Track.stable)).hasSize(63).endsWith("-stable");
    }
}
