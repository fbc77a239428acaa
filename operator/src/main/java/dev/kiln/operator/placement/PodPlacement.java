package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodResourceClaim;
import io.fabric8.kubernetes.api.model.PodResourceClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceClaim;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Puts a pod on its accelerator class: the device resource, node selector and affinity, tolerations, image,
 * {@code --ep} and env of the class, merged into a pod spec that already carries the ModelDeployment's own.
 * Used for the inference pods and, when the class measures on its own hardware, the optimization Job.
 */
public final class PodPlacement {

    static final String EP_OPTION = "--ep";

    private PodPlacement() {
    }

    /**
     * A copy of {@code base} placed on {@code profile}.
     *
     * @param containerName the runtime container; its resources, image, args and env are set
     * @param imageOverride the ModelDeployment's spec.serving.image, which wins over the class's; may be null
     */
    public static PodSpec apply(PodSpec base, String containerName, AcceleratorProfile profile, String imageOverride) {
        return apply(base, containerName, profile, imageOverride, null);
    }

    /**
     * As {@link #apply(PodSpec, String, AcceleratorProfile, String)}; for a DRA class the pod also claims its
     * devices from the ResourceClaimTemplate {@code claimTemplate}, and the container uses the claim.
     */
    public static PodSpec apply(PodSpec base, String containerName, AcceleratorProfile profile, String imageOverride,
                                String claimTemplate) {
        PodSpec spec = new PodSpecBuilder(base).build();
        Container container = spec.getContainers().stream().filter(c -> containerName.equals(c.getName()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "pod spec has no container named " + containerName + " to place"));

        Map<String, String> selector = new LinkedHashMap<>(profile.nodeSelector());
        if (spec.getNodeSelector() != null) {
            // The ModelDeployment's own labels come second: on the same key, its value is the one required.
            selector.putAll(spec.getNodeSelector());
        }
        spec.setNodeSelector(selector.isEmpty() ? null : selector);
        spec.setTolerations(union(spec.getTolerations(), profile.tolerations()));
        spec.setAffinity(withRequiredTerms(spec.getAffinity(), profile.nodeAffinity()));

        if (profile.resourceName() != null) {
            container.setResources(withDevice(container.getResources(), profile.resourceName(), profile.perReplica()));
        }
        if (profile.deviceClassName() != null && claimTemplate != null) {
            claimDevices(spec, container, claimTemplate);
        }
        String image = imageOverride != null && !imageOverride.isBlank() ? imageOverride : profile.image();
        if (image != null) {
            container.setImage(image);
        }
        container.setArgs(withOption(container.getArgs(), EP_OPTION, profile.executionProvider()));
        container.setEnv(withDefaults(container.getEnv(), profile.env()));
        return spec;
    }

    static final String DEVICE_CLAIM = "accelerator";

    private static void claimDevices(PodSpec spec, Container container, String claimTemplate) {
        List<PodResourceClaim> claims = new ArrayList<>(spec.getResourceClaims() == null ? List.of() : spec.getResourceClaims());
        claims.removeIf(c -> DEVICE_CLAIM.equals(c.getName()));
        claims.add(new PodResourceClaimBuilder().withName(DEVICE_CLAIM).withResourceClaimTemplateName(claimTemplate).build());
        spec.setResourceClaims(claims);
        ResourceRequirements resources = container.getResources() == null ? new ResourceRequirements() : container.getResources();
        List<ResourceClaim> used = new ArrayList<>(resources.getClaims() == null ? List.of() : resources.getClaims());
        if (used.stream().noneMatch(c -> DEVICE_CLAIM.equals(c.getName()))) {
            used.add(new ResourceClaim(DEVICE_CLAIM, null));
        }
        resources.setClaims(used);
        container.setResources(resources);
    }

    /** Extended resources cannot be overcommitted: request and limit are both the class's count. */
    static ResourceRequirements withDevice(ResourceRequirements resources, String resourceName, int count) {
        ResourceRequirements result = resources == null ? new ResourceRequirements() : resources;
        Map<String, Quantity> limits = new LinkedHashMap<>(result.getLimits() == null ? Map.of() : result.getLimits());
        Map<String, Quantity> requests =
                new LinkedHashMap<>(result.getRequests() == null ? Map.of() : result.getRequests());
        limits.put(resourceName, new Quantity(Integer.toString(count)));
        requests.put(resourceName, new Quantity(Integer.toString(count)));
        result.setLimits(limits);
        result.setRequests(requests);
        return result;
    }

    /**
     * Both sets of required terms must hold. Terms are ORed, so (a1 or a2) and (b1 or b2) becomes the terms
     * a1+b1, a1+b2, a2+b1, a2+b2, each the two requirement lists together.
     */
    static Affinity withRequiredTerms(Affinity base, NodeSelector classTerms) {
        if (classTerms == null || classTerms.getNodeSelectorTerms() == null
                || classTerms.getNodeSelectorTerms().isEmpty()) {
            return base;
        }
        Affinity affinity = base == null ? new Affinity() : base;
        NodeAffinity nodeAffinity = affinity.getNodeAffinity() == null ? new NodeAffinity() : affinity.getNodeAffinity();
        NodeSelector existing = nodeAffinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        List<NodeSelectorTerm> merged = new ArrayList<>();
        if (existing == null || existing.getNodeSelectorTerms() == null || existing.getNodeSelectorTerms().isEmpty()) {
            classTerms.getNodeSelectorTerms().forEach(t -> merged.add(and(t, new NodeSelectorTerm())));
        } else {
            for (NodeSelectorTerm own : existing.getNodeSelectorTerms()) {
                for (NodeSelectorTerm fromClass : classTerms.getNodeSelectorTerms()) {
                    merged.add(and(own, fromClass));
                }
            }
        }
        nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(merged));
        affinity.setNodeAffinity(nodeAffinity);
        return affinity;
    }

    private static NodeSelectorTerm and(NodeSelectorTerm a, NodeSelectorTerm b) {
        List<NodeSelectorRequirement> expressions = new ArrayList<>();
        List<NodeSelectorRequirement> fields = new ArrayList<>();
        for (NodeSelectorTerm term : List.of(a, b)) {
            if (term.getMatchExpressions() != null) {
                term.getMatchExpressions().stream().filter(r -> !expressions.contains(r)).forEach(expressions::add);
            }
            if (term.getMatchFields() != null) {
                term.getMatchFields().stream().filter(r -> !fields.contains(r)).forEach(fields::add);
            }
        }
        return new NodeSelectorTerm(expressions, fields.isEmpty() ? null : fields);
    }

    private static List<Toleration> union(List<Toleration> own, List<Toleration> fromClass) {
        List<Toleration> result = new ArrayList<>(own == null ? List.of() : own);
        fromClass.stream().filter(t -> !result.contains(t)).forEach(result::add);
        return result.isEmpty() ? null : result;
    }

    /** args with {@code option value}, replacing the value where the option is already there. */
    static List<String> withOption(List<String> args, String option, String value) {
        List<String> result = new ArrayList<>(args == null ? List.of() : args);
        int at = result.indexOf(option);
        if (at >= 0 && at + 1 < result.size()) {
            result.set(at + 1, value);
        } else {
            result.remove(option);
            result.add(option);
            result.add(value);
        }
        result.removeIf(arg -> arg.startsWith(option + "="));
        return result;
    }

    /** The class's env adds variables; one the pod already sets (from the ModelDeployment) stays as it is. */
    private static List<EnvVar> withDefaults(List<EnvVar> own, List<EnvVar> fromClass) {
        List<EnvVar> result = new ArrayList<>(own == null ? List.of() : own);
        Set<String> names = result.stream().map(EnvVar::getName).collect(Collectors.toSet());
        fromClass.stream().filter(e -> !names.contains(e.getName())).forEach(result::add);
        return result.isEmpty() ? null : result;
    }
}
