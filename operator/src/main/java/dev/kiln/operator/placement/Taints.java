package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Taints against tolerations, for the effects that keep a pod off a node (PreferNoSchedule does not). */
public final class Taints {

    /** The taint kubectl cordon adds; a pod tolerating it may still land on a cordoned node. */
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

    private Taints() {
    }

    /** The first NoSchedule or NoExecute taint of the node that none of the tolerations tolerates. */
    public static Optional<Taint> firstUntolerated(Node node, List<Toleration> tolerations) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        if (taints == null) {
            return Optional.empty();
        }
        return taints.stream()
                .filter(Taints::repels)
                .filter(taint -> tolerations.stream().noneMatch(t -> tolerates(t, taint)))
                .findFirst();
    }

    /** Cordoned (spec.unschedulable) and the tolerations do not include the cordon taint. */
    public static boolean cordonedFor(Node node, List<Toleration> tolerations) {
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        Taint cordon = new Taint("NoSchedule", UNSCHEDULABLE, null, null);
        return cordoned && tolerations.stream().noneMatch(t -> tolerates(t, cordon));
    }

    static boolean repels(Taint taint) {
        return "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect());
    }

    /** Kubernetes' rule: effect empty or equal; key empty (with Exists) or equal; Exists, or Equal values. */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = toleration.getEffect();
        if (effect != null && !effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String operator = toleration.getOperator() == null || toleration.getOperator().isEmpty()
                ? "Equal" : toleration.getOperator();
        String key = toleration.getKey();
        if (key == null || key.isEmpty()) {
            return "Exists".equals(operator);
        }
        if (!key.equals(taint.getKey())) {
            return false;
        }
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> Objects.equals(emptyIfNull(toleration.getValue()), emptyIfNull(taint.getValue()));
            default -> false;
        };
    }

    static String describe(Taint taint) {
        String value = taint.getValue() == null || taint.getValue().isEmpty() ? "" : "=" + taint.getValue();
        return taint.getKey() + value + ":" + taint.getEffect();
    }

    private static String emptyIfNull(String s) {
        return s == null ? "" : s;
    }
}
