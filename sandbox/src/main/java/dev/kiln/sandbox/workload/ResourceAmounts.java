package dev.kiln.sandbox.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Resource amounts by name (cpu in cores, memory in bytes, extended resources as counts). */
public record ResourceAmounts(Map<String, BigDecimal> amounts) {

    public static final ResourceAmounts NONE = new ResourceAmounts(Map.of());
    private static final BigDecimal DEFAULT_CPU = new BigDecimal("0.1");
    private static final BigDecimal DEFAULT_MEMORY = BigDecimal.valueOf(200L * 1024 * 1024);

    public ResourceAmounts {
        amounts = Collections.unmodifiableMap(new TreeMap<>(amounts));
    }

    public static ResourceAmounts of(Map<String, Quantity> quantities) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        if (quantities != null) {
            quantities.forEach((name, q) -> amounts.put(name, Quantity.getAmountInBytes(q)));
        }
        return new ResourceAmounts(amounts);
    }

    /**
     * What the scheduler reserves for a pod: the sum of its containers' requests (a limit without a
     * request counts as the request, as the API server defaults it), or the largest init container's
     * request when that is more.
     */
    public static ResourceAmounts requestsOf(PodSpec spec) {
        ResourceAmounts containers = NONE;
        for (Container c : nullSafe(spec.getContainers())) {
            containers = containers.plus(requestsOf(c.getResources()));
        }
        ResourceAmounts result = containers;
        for (Container c : nullSafe(spec.getInitContainers())) {
            result = result.max(requestsOf(c.getResources()));
        }
        return result;
    }

    /**
     * Requests as the scheduler's scoring sees them: a container without a CPU or memory request
     * counts as 100m CPU and 200Mi memory, so pods without requests still spread over nodes.
     */
    public static ResourceAmounts scoringRequestsOf(PodSpec spec) {
        ResourceAmounts total = NONE;
        for (Container c : nullSafe(spec.getContainers())) {
            ResourceAmounts requests = requestsOf(c.getResources());
            Map<String, BigDecimal> withDefaults = new TreeMap<>(requests.amounts());
            withDefaults.putIfAbsent("cpu", DEFAULT_CPU);
            withDefaults.putIfAbsent("memory", DEFAULT_MEMORY);
            total = total.plus(new ResourceAmounts(withDefaults));
        }
        return total;
    }

    private static ResourceAmounts requestsOf(ResourceRequirements resources) {
        if (resources == null) {
            return NONE;
        }
        Map<String, Quantity> effective = new TreeMap<>();
        if (resources.getLimits() != null) {
            effective.putAll(resources.getLimits());
        }
        if (resources.getRequests() != null) {
            effective.putAll(resources.getRequests());
        }
        return of(effective);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    public BigDecimal get(String name) {
        return amounts.getOrDefault(name, BigDecimal.ZERO);
    }

    public ResourceAmounts plus(ResourceAmounts other) {
        Map<String, BigDecimal> sum = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> sum.merge(k, v, BigDecimal::add));
        return new ResourceAmounts(sum);
    }

    public ResourceAmounts max(ResourceAmounts other) {
        Map<String, BigDecimal> max = new TreeMap<>(amounts);
        other.amounts.forEach((k, v) -> max.merge(k, v, BigDecimal::max));
        return new ResourceAmounts(max);
    }
}
