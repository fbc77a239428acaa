package dev.kiln.operator.target;

import dev.kiln.operator.placement.AcceleratorProfile;
import dev.kiln.operator.placement.OptimizationTarget;

/**
 * Where and how a revision runs: the accelerator class placement chose, the runtime image of the inference
 * pods, and what the optimization Job uses (the class's hardware only when the class measures on it).
 *
 * @param image    the inference image: spec.serving.image, else the class's, else the operator's
 * @param jobImage the optimization Job's image: spec.serving.image, else the class's when the Job runs on
 *                 the class, else the operator's
 */
public record ServingTarget(AcceleratorProfile profile, String image, String jobImage) {

    public static ServingTarget of(AcceleratorProfile profile, String imageOverride, String defaultImage) {
        String override = imageOverride == null || imageOverride.isBlank() ? null : imageOverride;
        String classImage = profile.image() == null ? defaultImage : profile.image();
        String image = override != null ? override : classImage;
        String jobImage = override != null ? override : profile.measureOnClass() ? classImage : defaultImage;
        return new ServingTarget(profile, image, jobImage);
    }

    /** The built-in CPU class with the given image, as a cluster without AcceleratorClasses gets. */
    public static ServingTarget cpu(String image) {
        return of(AcceleratorProfile.builtInCpu(), null, image);
    }

    public String accelerator() {
        return profile.name();
    }

    /** The provider the inference pods pass as --ep. */
    public String executionProvider() {
        return profile.executionProvider();
    }

    /** The optimization Job's provider, auto passes and placement. */
    public OptimizationTarget optimization() {
        return OptimizationTarget.of(profile);
    }
}
