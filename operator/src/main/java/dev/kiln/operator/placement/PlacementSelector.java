package dev.kiln.operator.placement;

import dev.kiln.operator.api.AcceleratorClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Chooses the accelerator class for a request: the one named, or for {@code auto} the most preferred class
 * (priority, then cost) whose nodes have room for all replicas.
 */
public final class PlacementSelector {

    private PlacementSelector() {
    }

    public static PlacementDecision select(PlacementRequest request, List<AcceleratorClass> classes,
                                           ClusterSnapshot cluster) {
        return select(request, classes, cluster, null);
    }

    /**
     * As {@link #select(PlacementRequest, List, ClusterSnapshot)}, but a revision that auto already placed on
     * {@code keptClass} stays there while that class exists: its artifact was optimized for that hardware, and
     * moving running pods elsewhere because other capacity changed would restart them for nothing.
     *
     * @param keptClass the class auto chose earlier for the same revision, or null
     */
    public static PlacementDecision select(PlacementRequest request, List<AcceleratorClass> classes,
                                           ClusterSnapshot cluster, String keptClass) {
        List<AcceleratorClass> usable = classes.stream().filter(AcceleratorProfile::usable).toList();
        Optional<AcceleratorClass> broken = classes.stream()
                .filter(c -> !AcceleratorProfile.usable(c) && c.getMetadata().getName().equals(request.accelerator()))
                .findFirst();
        if (broken.isPresent()) {
            return new PlacementDecision.InvalidClass(request.accelerator(), "spec.serving.accelerator: "
                    + "AcceleratorClass '" + request.accelerator() + "' has no spec.runtime.executionProvider; "
                    + "fix the class (cpu, cuda, tensorrt, openvino or cann) or choose another");
        }
        List<AcceleratorProfile> profiles = classes.isEmpty()
                ? List.of(AcceleratorProfile.builtInCpu())
                : usable.stream().map(AcceleratorProfile::from).sorted(AcceleratorProfile.PREFERENCE).toList();
        if (profiles.isEmpty()) {
            return new PlacementDecision.InvalidClass(request.accelerator(), "spec.serving.accelerator: no usable "
                    + "AcceleratorClass: every class lacks spec.runtime.executionProvider; fix the classes");
        }
        if (!request.auto()) {
            return selectNamed(request, profiles, cluster, "spec.serving.accelerator is ");
        }
        boolean keeps = keptClass != null && profiles.stream().anyMatch(p -> p.name().equals(keptClass));
        if (keeps) {
            PlacementRequest kept = new PlacementRequest(keptClass, request.replicas(), request.perReplica(),
                    request.nodeSelector(), request.requiredAffinity(), request.tolerations(), request.placedPods());
            return selectNamed(kept, profiles, cluster, "auto keeps the class it chose for this revision, ");
        }
        return selectAuto(request, profiles, cluster);
    }

    private static PlacementDecision selectNamed(PlacementRequest request, List<AcceleratorProfile> profiles,
                                                 ClusterSnapshot cluster, String why) {
        Optional<AcceleratorProfile> named = profiles.stream()
                .filter(p -> p.name().equals(request.accelerator())).findFirst();
        if (named.isEmpty()) {
            return new PlacementDecision.InvalidClass(request.accelerator(), "spec.serving.accelerator: no "
                    + "AcceleratorClass named '" + request.accelerator() + "' (the cluster has: "
                    + profiles.stream().map(AcceleratorProfile::name).collect(Collectors.joining(", "))
                    + "); name one of them, use auto, or create the class (see examples/accelerator-classes)");
        }
        AcceleratorProfile profile = named.get();
        ClassCapacity capacity = CapacityCalculator.measure(profile, request, cluster);
        if (!capacity.offered()) {
            return new PlacementDecision.InvalidClass(profile.name(), "spec.serving.accelerator: AcceleratorClass '"
                    + profile.name() + "' asks for " + profile.resourceName() + ", which no node offers "
                    + "(status.allocatable); check the device plugin on its nodes, fix the class's resourceName, "
                    + "or choose another class");
        }
        String text = why + profile.name() + "; " + need(request) + ": " + capacity.describe();
        if (capacity.fits(request.replicas())) {
            return new PlacementDecision.Placed(profile, text, List.of(capacity));
        }
        return new PlacementDecision.Insufficient(profile, request.replicas(), text, List.of(capacity));
    }

    private static PlacementDecision selectAuto(PlacementRequest request, List<AcceleratorProfile> profiles,
                                                ClusterSnapshot cluster) {
        List<ClassCapacity> seen = new ArrayList<>();
        AcceleratorProfile chosen = null;
        for (AcceleratorProfile profile : profiles) {
            ClassCapacity capacity = CapacityCalculator.measure(profile, request, cluster);
            seen.add(capacity);
            if (chosen == null && capacity.fits(request.replicas())) {
                chosen = profile;
            }
        }
        String perClass = seen.stream().map(ClassCapacity::describe).collect(Collectors.joining("; "));
        if (chosen != null) {
            return new PlacementDecision.Placed(chosen, "auto chose " + chosen.name() + " (priority "
                    + chosen.priority() + "), the most preferred class with room; " + need(request) + ": "
                    + perClass, seen);
        }
        AcceleratorProfile fallback = profiles.get(0);
        for (int i = 0; i < profiles.size(); i++) {
            if (seen.get(i).offered()) {
                fallback = profiles.get(i);
                break;
            }
        }
        return new PlacementDecision.Insufficient(fallback, request.replicas(),
                "no accelerator class has room; " + need(request) + ": " + perClass, seen);
    }

    private static String need(PlacementRequest request) {
        String extra = request.perReplica().amounts().isEmpty() ? ""
                : " (each " + ClassCapacity.format(request.perReplica()) + " plus its class's device)";
        return "needs " + request.replicas() + " replica" + (request.replicas() == 1 ? "" : "s") + extra;
    }
}
