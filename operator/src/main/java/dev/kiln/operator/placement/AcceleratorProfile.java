package dev.kiln.operator.placement;

import dev.kiln.operator.api.AcceleratorClass;
import dev.kiln.operator.api.AcceleratorClassOptimization;
import dev.kiln.operator.api.AcceleratorClassRuntime;
import dev.kiln.operator.api.AcceleratorClassSpec;
import dev.kiln.operator.api.OptimizationPass;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * An AcceleratorClass with its defaults filled in, as placement reads it. A cluster without any
 * AcceleratorClass gets {@link #builtInCpu()}, so Kiln serves on CPU before an admin installs classes.
 */
public record AcceleratorProfile(String name, AcceleratorClassSpec spec, boolean builtIn) {

    public static final String BUILT_IN_CPU = "cpu";

    /** Highest priority first; then the lower cost (a class without one last); then by name, for stability. */
    public static final Comparator<AcceleratorProfile> PREFERENCE = Comparator
            .comparingInt(AcceleratorProfile::priority).reversed()
            .thenComparing(p -> p.spec.cost, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(AcceleratorProfile::name);

    /**
     * The CRD requires a runtime and its execution provider; an object stored before the CRD did (or written
     * around it) is passed over rather than failing every reconcile.
     */
    public static boolean usable(AcceleratorClass accelerator) {
        return accelerator.getSpec() != null && accelerator.getSpec().runtime != null
                && accelerator.getSpec().runtime.executionProvider != null;
    }

    public static AcceleratorProfile from(AcceleratorClass accelerator) {
        if (!usable(accelerator)) {
            throw new IllegalArgumentException("AcceleratorClass " + accelerator.getMetadata().getName()
                    + ": spec.runtime.executionProvider is required (cpu, cuda, tensorrt, openvino or cann)");
        }
        return new AcceleratorProfile(accelerator.getMetadata().getName(), accelerator.getSpec(), false);
    }

    public static AcceleratorProfile builtInCpu() {
        AcceleratorClassSpec spec = new AcceleratorClassSpec();
        spec.runtime = new AcceleratorClassRuntime();
        spec.runtime.executionProvider = AcceleratorClassRuntime.ExecutionProvider.CPU;
        spec.optimization = new AcceleratorClassOptimization();
        spec.optimization.autoPasses = List.of(OptimizationPass.GRAPH, OptimizationPass.INT8_DYNAMIC);
        return new AcceleratorProfile(BUILT_IN_CPU, spec, true);
    }

    /** The device resource a replica takes, or null for a class without one. */
    public String resourceName() {
        return spec.resourceName;
    }

    /** The DRA DeviceClass the pods claim devices of, or null. */
    public String deviceClassName() {
        return spec.deviceClassName;
    }

    public int perReplica() {
        return spec.perReplica == null ? 1 : spec.perReplica;
    }

    public Map<String, String> nodeSelector() {
        return spec.nodeSelector == null ? Map.of() : spec.nodeSelector;
    }

    /** Required node-affinity terms, or null for none. */
    public NodeSelector nodeAffinity() {
        return spec.nodeAffinity;
    }

    public List<Toleration> tolerations() {
        return spec.tolerations == null ? List.of() : spec.tolerations;
    }

    /** The class's runtime image, or null to keep the operator's configured one. */
    public String image() {
        return spec.runtime.image;
    }

    public String executionProvider() {
        return spec.runtime.executionProvider.wireName();
    }

    public List<EnvVar> env() {
        return spec.runtime.env == null ? List.of() : spec.runtime.env;
    }

    /** Wire names of the passes auto expands to on this class; empty: the optimizer's default. */
    public List<String> autoPasses() {
        if (spec.optimization == null || spec.optimization.autoPasses == null) {
            return List.of();
        }
        return spec.optimization.autoPasses.stream().map(OptimizationPass::wireName).toList();
    }

    public boolean measureOnClass() {
        return spec.optimization != null && Boolean.TRUE.equals(spec.optimization.measureOnClass);
    }

    public int priority() {
        return spec.priority == null ? 0 : spec.priority;
    }

    /** What one replica takes of the device resource: nothing for a class without one. */
    public ResourceAmounts deviceRequest() {
        return resourceName() == null ? ResourceAmounts.NONE : ResourceAmounts.of(resourceName(), perReplica());
    }
}
