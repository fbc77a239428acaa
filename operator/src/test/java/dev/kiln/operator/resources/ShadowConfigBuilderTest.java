package dev.kiln.operator.resources;

import dev.kiln.contract.ShadowSettings;
import dev.kiln.operator.Fixtures;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.RolloutPhase;
import dev.kiln.operator.rollout.RolloutState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowConfigBuilderTest {

    private static RolloutState state(RolloutPhase phase, double fraction) {
        RolloutState.Builder b = RolloutState.NONE.toBuilder();
        b.canaryRevision = "c1";
        b.phase = phase;
        b.mirrorFraction = fraction;
        return b.build();
    }

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource({
            "Progressing, 0.2, 0.2",
            "Paused,      0.5, 0.5",
            "Progressing, 0.0, 0.0",
            "Promoted,    0.2, 0.0",
            "RolledBack,  0.2, 0.0",
            "Superseded,  0.2, 0.0"})
    void stablePodsMirrorOnlyWhileARolloutIsActive(RolloutPhase phase, double fraction, double expected) {
        ModelDeployment md = Fixtures.md("orientation");
        ShadowSettings desired = ShadowConfigBuilder.desired(md, state(phase, fraction), "s1");
        assertThat(desired.fraction()).isEqualTo(expected);
        assertThat(desired.mirrors()).isEqualTo(expected > 0);
        if (expected > 0) {
            assertThat(desired.url()).isEqualTo(URI.create("http://orientation-canary." + md.getMetadata().getNamespace()
                    + ".svc:8080"));
            assertThat(desired.revision()).as("only the stable pods mirror").isEqualTo("s1");
        }
    }

    @Test
    void noRolloutMeansOff() {
        assertThat(ShadowConfigBuilder.desired(Fixtures.md("orientation"), RolloutState.NONE, "s1")).isEqualTo(ShadowSettings.OFF);
    }

    @Test
    void theCanaryUrlUsesTheServingPort() {
        ModelDeployment md = Fixtures.md("orientation");
        md.getSpec().serving.port = 9000;
        assertThat(ShadowConfigBuilder.canaryUrl(md).getPort()).isEqualTo(9000);
    }

    @Test
    void configMapIsOwnedLabelledAndHoldsTheSettingsFile() {
        ModelDeployment md = Fixtures.md("orientation");
        ShadowSettings on = new ShadowSettings(URI.create("http://orientation-canary.ns.svc:8080"), 0.2);
        ConfigMap cm = ShadowConfigBuilder.configMap(md, on);
        assertThat(cm.getMetadata().getName()).isEqualTo("orientation-shadow");
        assertThat(cm.getMetadata().getLabels()).containsEntry(KilnLabels.MANAGED_BY, KilnLabels.KILN)
                .containsEntry(KilnLabels.DEPLOYMENT, "orientation").containsEntry(KilnLabels.COMPONENT, "shadow-config");
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("orientation"));
        assertThat(ShadowSettings.parse(cm.getData().get("shadow.json"))).isEqualTo(on);
    }

    @Test
    void inEffectComparesTheLiveFileAndTreatsAbsentAsOff() {
        ModelDeployment md = Fixtures.md("orientation");
        ShadowSettings on = new ShadowSettings(URI.create("http://orientation-canary.ns.svc:8080"), 0.2);
        assertThat(ShadowConfigBuilder.inEffect(ShadowSettings.OFF, Optional.empty())).isTrue();
        assertThat(ShadowConfigBuilder.inEffect(on, Optional.empty())).isFalse();
        assertThat(ShadowConfigBuilder.inEffect(on, Optional.of(ShadowConfigBuilder.configMap(md, on)))).isTrue();
        assertThat(ShadowConfigBuilder.inEffect(ShadowSettings.OFF, Optional.of(ShadowConfigBuilder.configMap(md, on))))
                .isFalse();
        ConfigMap broken = new ConfigMapBuilder().withData(Map.of("shadow.json", "{")).build();
        assertThat(ShadowConfigBuilder.inEffect(ShadowSettings.OFF, Optional.of(broken))).isFalse();
    }

    @Test
    void newDeploymentsMountTheSettingsFolderOptionallyAndReadOnly() {
        ModelDeployment md = Fixtures.md("orientation");
        Deployment deployment = ServingDeploymentBuilder.deployment(md, ServingBuildersTest.REVISION,
                ServingBuildersTest.CPU, Fixtures.config());
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(ShadowConfigBuilder.VOLUME)).singleElement()
                .satisfies(v -> {
                    assertThat(v.getConfigMap().getName()).isEqualTo("orientation-shadow");
                    assertThat(v.getConfigMap().getOptional()).isTrue();
                });
        var server = pod.getContainers().get(0);
        assertThat(server.getVolumeMounts()).filteredOn(m -> m.getName().equals(ShadowConfigBuilder.VOLUME))
                .singleElement().satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo("/etc/kiln/shadow");
                    assertThat(m.getReadOnly()).isTrue();
                    assertThat(m.getSubPath()).as("a subPath mount would never see updates").isNull();
                });
        assertThat(server.getEnv()).contains(new EnvVar("KILN_SHADOW_CONFIG_FILE", "/etc/kiln/shadow/shadow.json", null));
        assertThat(ShadowConfigBuilder.readsShadowConfig(deployment)).isTrue();
    }

    /** A Deployment created before this operator version keeps its exact template: no restart for an upgrade. */
    @Test
    void anExistingDeploymentWithoutTheSettingsIsBuiltWithoutThem() {
        ModelDeployment md = Fixtures.md("orientation");
        Deployment old = ServingDeploymentBuilder.deployment(md, ServingBuildersTest.REVISION, ServingBuildersTest.CPU,
                Fixtures.config(), false);
        assertThat(ShadowConfigBuilder.readsShadowConfig(old)).isFalse();
        assertThat(old.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName).doesNotContain("KILN_SHADOW_CONFIG_FILE");
    }
}
