package dev.kiln.operator.placement;

import dev.kiln.operator.api.AcceleratorClass;
import dev.kiln.operator.api.ModelDeployment;

import java.util.List;
import java.util.Map;

/** A ModelDeployment revision's placement, from its spec and what the cluster holds. Pure. */
public final class PlacementResolver {

    private PlacementResolver() {
    }

    /**
     * @param replicas          pods of the revision to place (a canary's own count while the stable keeps its)
     * @param revisionPodLabels labels of the revision's pods, whose current capacity stays theirs
     * @param keptClass         the class auto chose earlier for this revision, or null
     */
    public static PlacementVerdict resolve(ModelDeployment md, int replicas, Map<String, String> revisionPodLabels,
                                           List<AcceleratorClass> classes, ClusterSnapshot cluster, String keptClass) {
        PlacementRequest request = PlacementRequest.forServing(md, replicas,
                new PlacedPods(md.getMetadata().getNamespace(), revisionPodLabels));
        PlacementDecision decision = PlacementSelector.select(request, classes, cluster, keptClass);
        return PlacementVerdict.decide(decision, md.getSpec().serving == null ? null : md.getSpec().serving.capacityPolicy);
    }
}
