package dev.kiln.operator.placement;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Map;
import java.util.Objects;

/**
 * The pods a placement is for (the same ModelDeployment revision and track): the capacity they hold now is
 * theirs to keep, so it is not counted as taken. Empty labels select no pod.
 */
public record PlacedPods(String namespace, Map<String, String> labels) {

    public static final PlacedPods NONE = new PlacedPods(null, Map.of());

    public PlacedPods {
        labels = Map.copyOf(labels);
    }

    public boolean includes(Pod pod) {
        if (labels.isEmpty() || !Objects.equals(namespace, pod.getMetadata().getNamespace())) {
            return false;
        }
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        return podLabels != null && labels.entrySet().stream()
                .allMatch(e -> Objects.equals(podLabels.get(e.getKey()), e.getValue()));
    }
}
