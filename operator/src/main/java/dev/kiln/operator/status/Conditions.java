package dev.kiln.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Building and merging conditions; a condition keeps its lastTransitionTime while its status stays the same. */
public final class Conditions {

    private Conditions() {
    }

    public static Condition of(String type, boolean status, String reason, String message) {
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status ? "True" : "False")
                .withReason(reason)
                .withMessage(message)
                .build();
    }

    public static Condition unknown(String type, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus("Unknown").withReason(reason).withMessage(message).build();
    }

    /**
     * The fresh conditions with transition times: the previous time where the type's status did not change,
     * {@code now} where it did or the type is new.
     */
    public static List<Condition> merge(List<Condition> previous, List<Condition> fresh, Instant now,
                                        long observedGeneration) {
        List<Condition> merged = new ArrayList<>();
        for (Condition condition : fresh) {
            Optional<Condition> before = find(previous, condition.getType());
            String time = before.filter(b -> Objects.equals(b.getStatus(), condition.getStatus()))
                    .map(Condition::getLastTransitionTime)
                    .orElse(now.toString());
            merged.add(new ConditionBuilder(condition)
                    .withLastTransitionTime(time)
                    .withObservedGeneration(observedGeneration)
                    .build());
        }
        return merged;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }
}
