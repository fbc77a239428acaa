package dev.kiln.operator.placement;

import dev.kiln.operator.api.AcceleratorClass;
import dev.kiln.operator.api.ModelDeployment;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The informers placement reads: Nodes, AcceleratorClasses and every Pod (the capacity they hold). A change
 * that can alter capacity re-checks the ModelDeployments still waiting for a place; a class change re-checks
 * every ModelDeployment, since it changes what their pods get.
 */
public final class PlacementEventSources {

    public static final String NODES = "placement-nodes";
    public static final String CLASSES = "placement-classes";
    public static final String PODS = "placement-pods";

    private PlacementEventSources() {
    }

    public static List<EventSource<?, ModelDeployment>> create(EventSourceContext<ModelDeployment> context) {
        var nodes = new InformerEventSource<>(InformerEventSourceConfiguration.from(Node.class, ModelDeployment.class)
                .withName(NODES)
                .withSecondaryToPrimaryMapper(node -> waitingForPlace(context))
                .withOnUpdateFilter((fresh, old) -> capacityChanged(fresh, old))
                .build(), context);
        var classes = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(AcceleratorClass.class, ModelDeployment.class)
                        .withName(CLASSES)
                        .withSecondaryToPrimaryMapper(c -> all(context, md -> true))
                        .build(), context);
        var pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, ModelDeployment.class)
                .withName(PODS)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(pod -> waitingForPlace(context))
                .withOnUpdateFilter((fresh, old) -> boundOrFinished(fresh, old))
                .build(), context);
        return List.of(nodes, classes, pods);
    }

    /** What the informers hold now. */
    public static ClusterSnapshot snapshot(Context<ModelDeployment> context) {
        return new ClusterSnapshot(list(context, Node.class, NODES),
                list(context, Pod.class, PODS).stream().filter(PodRequests::occupiesNode).toList());
    }

    public static List<AcceleratorClass> classes(Context<ModelDeployment> context) {
        return list(context, AcceleratorClass.class, CLASSES);
    }

    @SuppressWarnings("unchecked")
    private static <R extends HasMetadata> List<R> list(Context<ModelDeployment> context, Class<R> kind, String name) {
        var source = (InformerEventSource<R, ModelDeployment>) context.eventSourceRetriever().getEventSourceFor(kind, name);
        return source.list(r -> true).toList();
    }

    /** ModelDeployments not placed yet, or whose placement condition is not True. */
    static Set<ResourceID> waitingForPlace(EventSourceContext<ModelDeployment> context) {
        return all(context, PlacementEventSources::waiting);
    }

    static boolean waiting(ModelDeployment md) {
        if (md.getStatus() == null || md.getStatus().placement == null) {
            return true;
        }
        List<Condition> conditions = md.getStatus().conditions;
        return conditions == null || conditions.stream()
                .noneMatch(c -> PlacementConditions.TYPE.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Set<ResourceID> all(EventSourceContext<ModelDeployment> context, Predicate<ModelDeployment> which) {
        return context.getPrimaryCache().list(which).map(ResourceID::fromResource).collect(Collectors.toSet());
    }

    /** Heartbeats and image lists change often and alter nothing placement reads. */
    static boolean capacityChanged(Node fresh, Node old) {
        return !Objects.equals(fresh.getMetadata().getLabels(), old.getMetadata().getLabels())
                || !Objects.equals(fresh.getSpec(), old.getSpec())
                || !Objects.equals(allocatable(fresh), allocatable(old));
    }

    private static Object allocatable(Node node) {
        return node.getStatus() == null ? null : node.getStatus().getAllocatable();
    }

    static boolean boundOrFinished(Pod fresh, Pod old) {
        return PodRequests.occupiesNode(fresh) != PodRequests.occupiesNode(old)
                || !Objects.equals(fresh.getSpec() == null ? null : fresh.getSpec().getNodeName(),
                old.getSpec() == null ? null : old.getSpec().getNodeName());
    }
}
