package dev.kiln.operator.resources;

import dev.kiln.contract.RuntimeContract;
import dev.kiln.contract.ShadowSettings;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.rollout.RolloutState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The live shadow settings of a ModelDeployment's serving pods: one ConfigMap, {@code <name>-shadow}, mounted
 * (optional, read-only) into every serving pod, whose runtime re-reads it. Writing it starts and stops mirroring
 * on the stable pods without touching their Deployment, so they never restart for a mirror step.
 */
public final class ShadowConfigBuilder {

    public static final String VOLUME = "shadow-config";
    /** A folder, not a subPath mount: the kubelet updates a ConfigMap volume only when the folder is mounted. */
    public static final String MOUNT = "/etc/kiln/shadow";
    public static final String FILE = MOUNT + "/" + ShadowSettings.FILE_KEY;
    /** kiln.dev/component of the ConfigMap, so the operator's informer caches these ConfigMaps and no others. */
    public static final String COMPONENT = "shadow-config";
    public static final String SELECTOR = KilnLabels.MANAGED_SELECTOR + "," + KilnLabels.COMPONENT + "=" + COMPONENT;

    private ShadowConfigBuilder() {
    }

    /**
     * What the serving pods should do now: the stable revision's pods mirror the rollout's fraction to the canary
     * Service while a rollout is active with a fraction above 0 (the canary's pods read the same file and, being of
     * another revision, mirror nothing); otherwise no pod mirrors (after promotion, rollback, abort, or a superseded
     * rollout).
     */
    public static ShadowSettings desired(ModelDeployment md, RolloutState state, String stableRevision) {
        if (state == null || !state.active() || state.mirrorFraction() <= 0 || stableRevision == null) {
            return ShadowSettings.OFF;
        }
        return new ShadowSettings(canaryUrl(md), state.mirrorFraction(), stableRevision);
    }

    /** The canary Service's cluster DNS name, from the stable pods' namespace. */
    public static URI canaryUrl(ModelDeployment md) {
        return URI.create("http://" + ResourceNames.canaryService(md) + "." + md.getMetadata().getNamespace()
                + ".svc:" + ServingServiceBuilder.port(md));
    }

    /** The settings a live ConfigMap holds; empty when it is absent (the pods then mirror nothing). */
    public static Optional<ShadowSettings> settingsOf(Optional<ConfigMap> live) {
        return live.map(ConfigMap::getData).map(data -> data.get(ShadowSettings.FILE_KEY)).map(json -> {
            try {
                return ShadowSettings.parse(json);
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
    }

    /** The live ConfigMap already tells the pods {@code desired}; an absent one counts as off. */
    public static boolean inEffect(ShadowSettings desired, Optional<ConfigMap> live) {
        if (live.isEmpty()) {
            return !desired.mirrors();
        }
        return settingsOf(live).map(desired::equals).orElse(false);
    }

    public static ConfigMap configMap(ModelDeployment md, ShadowSettings settings) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(ResourceNames.shadowConfig(md))
                    .withNamespace(md.getMetadata().getNamespace())
                    .withLabels(labels(md))
                    .withOwnerReferences(Owners.controlledBy(md))
                .endMetadata()
                .withData(Map.of(ShadowSettings.FILE_KEY, settings.toJson()))
                .build();
    }

    private static Map<String, String> labels(ModelDeployment md) {
        Map<String, String> labels = KilnLabels.forDeployment(md);
        labels.put(KilnLabels.COMPONENT, COMPONENT);
        return labels;
    }

    /** The optional ConfigMap volume: a pod starts whether or not the ConfigMap exists yet. */
    static Volume volume(ModelDeployment md) {
        return new VolumeBuilder().withName(VOLUME)
                .withNewConfigMap().withName(ResourceNames.shadowConfig(md)).withOptional(true).endConfigMap()
                .build();
    }

    static VolumeMount mount() {
        return new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT).withReadOnly(true).build();
    }

    static EnvVar env() {
        return new EnvVarBuilder().withName(RuntimeContract.Env.SHADOW_CONFIG_FILE).withValue(FILE).build();
    }

    /** Pods of this Deployment read the shadow settings (it was created by an operator version that mounts them). */
    public static boolean readsShadowConfig(Deployment deployment) {
        var volumes = deployment.getSpec().getTemplate().getSpec().getVolumes();
        return volumes != null && volumes.stream().anyMatch(v -> VOLUME.equals(v.getName()));
    }
}
