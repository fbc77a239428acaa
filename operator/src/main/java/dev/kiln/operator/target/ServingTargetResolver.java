package dev.kiln.operator.target;

import dev.kiln.operator.api.ServingSpec;
import dev.kiln.operator.validation.SpecProblem;

import java.util.Optional;

/**
 * Resolves spec.serving.accelerator to a {@link ServingTarget}. Until accelerator classes exist (the placement
 * work replaces this class with a selection over AcceleratorClasses and node capacity), only the CPU is
 * known: {@code cpu} and {@code auto} run the configured runtime image with {@code --ep cpu}.
 */
public final class ServingTargetResolver {

    public static final String CPU = "cpu";
    public static final String AUTO = "auto";

    private ServingTargetResolver() {
    }

    public sealed interface Resolution {
    }

    public record Resolved(ServingTarget target) implements Resolution {
    }

    public record Unresolvable(SpecProblem problem) implements Resolution {
    }

    public static Resolution resolve(ServingSpec serving, String defaultImage) {
        String accelerator = serving == null || serving.accelerator == null ? AUTO : serving.accelerator;
        String image = serving != null && serving.image != null && !serving.image.isBlank() ? serving.image : defaultImage;
        if (CPU.equals(accelerator) || AUTO.equals(accelerator)) {
            return new Resolved(new ServingTarget(CPU, image, CPU));
        }
        return new Unresolvable(new SpecProblem("spec.serving.accelerator",
                "unknown accelerator class '" + accelerator + "': only 'cpu' and 'auto' are known so far "
                        + "(accelerator classes arrive with placement); set it to cpu or auto"));
    }

    /** The target, or empty when the spec names an accelerator that cannot be resolved. */
    public static Optional<ServingTarget> target(ServingSpec serving, String defaultImage) {
        return resolve(serving, defaultImage) instanceof Resolved resolved
                ? Optional.of(resolved.target()) : Optional.empty();
    }
}
