package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/** Amounts of named resources (cpu in cores, memory in bytes, devices in units), as exact decimals. */
public record ResourceAmounts(Map<String, BigDecimal> amounts) {

    public static final ResourceAmounts NONE = new ResourceAmounts(Map.of());

    /** Replicas that fit when a replica needs nothing: no resource bounds them. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    public ResourceAmounts {
        amounts = Map.copyOf(amounts);
    }

    public static ResourceAmounts of(Map<String, Quantity> quantities) {
        if (quantities == null) {
            return NONE;
        }
        Map<String, BigDecimal> amounts = new TreeMap<>();
        quantities.forEach((name, quantity) -> amounts.put(name, quantity.getNumericalAmount()));
        return new ResourceAmounts(amounts);
    }

    public static ResourceAmounts of(String name, long amount) {
        return new ResourceAmounts(Map.of(name, BigDecimal.valueOf(amount)));
    }

    public BigDecimal get(String name) {
        return amounts.getOrDefault(name, BigDecimal.ZERO);
    }

    public boolean has(String name) {
        return amounts.containsKey(name);
    }

    public ResourceAmounts plus(ResourceAmounts other) {
        return combine(other, BigDecimal::add);
    }

    public ResourceAmounts minus(ResourceAmounts other) {
        return combine(other, BigDecimal::subtract);
    }

    public ResourceAmounts max(ResourceAmounts other) {
        return combine(other, BigDecimal::max);
    }

    /** These amounts with name set to amount, whatever it was. */
    public ResourceAmounts with(String name, BigDecimal amount) {
        Map<String, BigDecimal> result = new TreeMap<>(amounts);
        result.put(name, amount);
        return new ResourceAmounts(result);
    }

    /**
     * How many times perReplica fits into these amounts (free capacity of one node): a resource this side
     * lacks counts as zero, as the scheduler counts it. {@link #UNBOUNDED} when a replica needs nothing.
     */
    public long timesFits(ResourceAmounts perReplica) {
        long fits = UNBOUNDED;
        for (Map.Entry<String, BigDecimal> need : perReplica.amounts.entrySet()) {
            if (need.getValue().signum() <= 0) {
                continue;
            }
            BigDecimal free = get(need.getKey());
            long times = free.signum() <= 0 ? 0 : free.divide(need.getValue(), 0, RoundingMode.FLOOR).longValue();
            fits = Math.min(fits, times);
        }
        return fits;
    }

    private ResourceAmounts combine(ResourceAmounts other, BinaryOperator<BigDecimal> op) {
        Map<String, BigDecimal> result = new TreeMap<>(amounts);
        other.amounts.forEach((name, amount) -> result.put(name, op.apply(get(name), amount)));
        return new ResourceAmounts(result);
    }
}
