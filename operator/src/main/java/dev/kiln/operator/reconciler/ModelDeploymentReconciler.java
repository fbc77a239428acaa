package dev.kiln.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.api.ModelDeploymentStatus;
import dev.kiln.operator.api.Phase;
import dev.kiln.operator.config.KilnConfig;
import dev.kiln.operator.placement.PlacementEventSources;
import dev.kiln.operator.plan.Decision;
import dev.kiln.operator.plan.GatewayTraffic;
import dev.kiln.operator.plan.ObservedState;
import dev.kiln.operator.plan.Planner;
import dev.kiln.operator.resources.CanaryRouteResource;
import dev.kiln.operator.resources.DeviceClaimTemplates;
import dev.kiln.operator.resources.KilnLabels;
import dev.kiln.operator.resources.OptimizationJobResource;
import dev.kiln.operator.resources.ResourceNames;
import dev.kiln.operator.resources.ServingDeploymentResource;
import dev.kiln.operator.resources.ServingServiceResource;
import dev.kiln.operator.resources.ShadowConfigBuilder;
import dev.kiln.operator.resources.ShadowConfigResource;
import dev.kiln.operator.rollout.RolloutDecision;
import dev.kiln.operator.rollout.RolloutState;
import dev.kiln.operator.resources.TrackServiceResource;
import dev.kiln.operator.status.PhaseExplanation;
import dev.kiln.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Observe, plan, act, report: reads what the informers see, asks the {@link Planner} what to do, carries the
 * decision out through one resource class per kind, and patches the status once, only when it changed.
 */
// Not generation-aware: the kiln.dev/promote, abort and retry annotations change metadata only and must still
// trigger a reconcile. Status patches then trigger one more reconcile, which finds nothing changed.
@ControllerConfiguration(name = ModelDeploymentReconciler.NAME, generationAwareEventProcessing = false)
// Informers and writes the generated ClusterRole cannot infer: they are not JOSDK-managed dependents.
@RBACRule(apiGroups = "batch", resources = "jobs", verbs = {"get", "list", "watch", "create", "delete"})
@RBACRule(apiGroups = "apps", resources = "deployments", verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(apiGroups = "", resources = "services", verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(apiGroups = "", resources = "pods", verbs = {"get", "list", "watch"})
// gatewayAPI traffic: Kiln's HTTPRoute (watched only where the cluster serves the kind); its status is the gateways'.
@RBACRule(apiGroups = "gateway.networking.k8s.io", resources = "httproutes", verbs = {"get", "list", "watch", "create", "update", "patch", "delete"})
@RBACRule(apiGroups = "gateway.networking.k8s.io", resources = "httproutes/status", verbs = {"get"})
// Placement: node capacity, the accelerator classes, and the pods of every namespace holding capacity.
@RBACRule(apiGroups = "", resources = "nodes", verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "kiln.dev", resources = "acceleratorclasses", verbs = {"get", "list", "watch"})
@RBACRule(apiGroups = "resource.k8s.io", resources = "resourceclaimtemplates", verbs = {"get", "create", "update"})
@RBACRule(apiGroups = "", resources = "configmaps", verbs = {"get", "list", "watch", "create", "update"})
@RBACRule(apiGroups = "", resources = "events", verbs = {"create"})
public class ModelDeploymentReconciler implements Reconciler<ModelDeployment> {

    public static final String NAME = "modeldeployment";
    /** Placement watches every Pod too, so the optimizer pods' informer is looked up by name. */
    static final String OPTIMIZER_PODS = "optimizer-pods";

    private final KilnConfig config;
    private final Clock clock;
    private final OptimizationJobResource jobs;
    private final ServingDeploymentResource deployments;
    private final ServingServiceResource services;
    private final TrackServiceResource trackServices;
    private final CanaryRouteResource routes;
    private final GatewayApiSupport gatewayApi;
    private final PhaseEvents events;
    private final ReconcileMetrics metrics;
    private final DeviceClaimTemplates deviceClaims;
    private final CanaryAnalysis analysis;
    private final RolloutActions rolloutActions;
    private final RolloutMetrics rolloutMetrics;
    private final ShadowConfigResource shadowConfigs;

    public ModelDeploymentReconciler(KilnConfig config, Clock clock, OptimizationJobResource jobs,
                                     ServingDeploymentResource deployments, ServingServiceResource services,
                                     TrackServiceResource trackServices, CanaryRouteResource routes,
                                     GatewayApiSupport gatewayApi,
                                     PhaseEvents events, ReconcileMetrics metrics,
                                     DeviceClaimTemplates deviceClaims, CanaryAnalysis analysis,
                                     RolloutActions rolloutActions, RolloutMetrics rolloutMetrics,
                                     ShadowConfigResource shadowConfigs) {
        this.config = config;
        this.clock = clock;
        this.jobs = jobs;
        this.deployments = deployments;
        this.services = services;
        this.trackServices = trackServices;
        this.routes = routes;
        this.gatewayApi = gatewayApi;
        this.events = events;
        this.metrics = metrics;
        this.deviceClaims = deviceClaims;
        this.analysis = analysis;
        this.rolloutActions = rolloutActions;
        this.rolloutMetrics = rolloutMetrics;
        this.shadowConfigs = shadowConfigs;
    }

    @Override
    public List<EventSource<?, ModelDeployment>> prepareEventSources(EventSourceContext<ModelDeployment> context) {
        List<EventSource<?, ModelDeployment>> sources = new ArrayList<>(List.of(
                owned(Job.class, context),
                owned(Deployment.class, context),
                owned(Service.class, context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(ConfigMap.class, ModelDeployment.class)
                        .withLabelSelector(ShadowConfigBuilder.SELECTOR)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelDeployment.class))
                        .build(), context),
                // Job pods are owned by their Job, not by the ModelDeployment: map them back by label.
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, ModelDeployment.class)
                        .withName(OPTIMIZER_PODS)
                        .withLabelSelector(KilnLabels.OPTIMIZER_PODS_SELECTOR)
                        .withSecondaryToPrimaryMapper(pod -> {
                            String owner = ObservedState.label(pod, KilnLabels.DEPLOYMENT);
                            return owner == null ? Set.of()
                                    : Set.of(new ResourceID(owner, pod.getMetadata().getNamespace()));
                        })
                        .build(), context)));
        sources.addAll(PlacementEventSources.create(context));
        if (gatewayApi.detect(context.getClient())) {
            sources.add(owned(HTTPRoute.class, context));
        }
        return sources;
    }

    private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> InformerEventSource<R, ModelDeployment> owned(
            Class<R> kind, EventSourceContext<ModelDeployment> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(kind, ModelDeployment.class)
                .withLabelSelector(KilnLabels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelDeployment.class))
                .build(), context);
    }

    @Override
    public UpdateControl<ModelDeployment> reconcile(ModelDeployment md, Context<ModelDeployment> context) {
        metrics.reconciled(md.getMetadata().getNamespace());
        ObservedState observed = new ObservedState(
                List.copyOf(context.getSecondaryResources(Job.class)),
                List.copyOf(context.eventSourceRetriever().getEventSourceFor(Pod.class, OPTIMIZER_PODS)
                        .getSecondaryResources(md)),
                List.copyOf(context.getSecondaryResources(Deployment.class)),
                List.copyOf(context.getSecondaryResources(Service.class)),
                PlacementEventSources.classes(context),
                PlacementEventSources.snapshot(context),
                context.getSecondaryResources(ConfigMap.class).stream()
                        .filter(cm -> cm.getMetadata().getName().equals(ResourceNames.shadowConfig(md)))
                        .findFirst());
        Instant now = clock.instant();
        if (GatewayTraffic.enabled(md)) {
            gatewayApi.recheck(context.getClient(), now, client -> context.eventSourceRetriever()
                    .dynamicallyRegisterEventSource(owned(HTTPRoute.class,
                            context.eventSourceRetriever().eventSourceContextForDynamicRegistration())));
        }
        if (gatewayApi.served()) {
            observed = observed.withRoutes(List.copyOf(context.getSecondaryResources(HTTPRoute.class)));
        }
        Optional<List<MetricResult>> measurement = analysis.measureIfDue(md, context.getClient(), now);
        Decision decision = new Planner(config.runtimeImage()).plan(md, observed, measurement, now);
        act(md, decision, observed, context);
        if (!decision.isInvalid()) {
            // Level-triggered: the stable pods' mirror follows the rollout state, whichever action changed it.
            shadowConfigs.apply(md, ShadowConfigBuilder.desired(md, decision.rollout().map(RolloutDecision::next)
                    .orElse(RolloutState.NONE), decision.stableRevision()), observed.shadowConfig(), context);
        }
        decision.rollout().ifPresent(rollout -> rolloutActions.apply(md, rollout.actions(), context.getClient(), now));
        rolloutMetrics.record(md.getMetadata().getNamespace(), md.getMetadata().getName(),
                md.getStatus() == null ? null : md.getStatus().rollout, decision.rollout());

        ModelDeploymentStatus before = md.getStatus();
        ModelDeploymentStatus after = StatusAggregator.aggregate(md, decision, observed, now);
        Phase previousPhase = before == null ? null : before.phase;
        if (previousPhase != after.phase) {
            Condition why = PhaseExplanation.of(after.conditions);
            events.phaseChanged(context.getClient(), md, previousPhase, after.phase, why.getReason(), why.getMessage(), now);
            metrics.phaseChanged(previousPhase, after.phase);
        }
        Optional<Duration> requeue = requeueAfter(md, decision, now);
        if (GatewayTraffic.enabled(md) && !gatewayApi.served()) {
            // Refused for want of the HTTPRoute kind: look again once the recheck is due.
            requeue = Optional.of(GatewayApiSupport.RECHECK);
        }
        UpdateControl<ModelDeployment> control;
        if (sameStatus(before, after)) {
            control = UpdateControl.noUpdate();
        } else {
            md.setStatus(after);
            control = UpdateControl.patchStatus(md);
        }
        return requeue.map(control::rescheduleAfter).orElse(control);
    }

    /**
     * The planner's next due time (a pause ending, a measurement, a deadline, a scale-down). A measurement that
     * is due but whose scrape window is not complete yet (after a restart, or the first round) waits for the
     * window instead of a reconcile every second.
     */
    private Optional<Duration> requeueAfter(ModelDeployment md, Decision decision, Instant now) {
        Optional<Duration> planned = decision.rollout().flatMap(r -> r.requeueAfter());
        Optional<Duration> window = analysis.windowCompleteAt(md).map(at -> Duration.between(now, at))
                .filter(wait -> !wait.isNegative() && !wait.isZero());
        if (planned.isPresent() && window.isPresent() && planned.get().compareTo(Duration.ofSeconds(1)) <= 0) {
            return window;
        }
        return planned;
    }

    /** Invalid specs never reach here with actions: {@link Decision#invalid} has none. */
    private void act(ModelDeployment md, Decision decision, ObservedState observed, Context<ModelDeployment> context) {
        if (decision.isInvalid()) {
            return;
        }
        // A DRA class: the pods' ResourceClaimTemplate exists before any pod refers to it.
        decision.target().filter(t -> t.profile().deviceClassName() != null)
                .filter(t -> decision.startOptimization() || decision.deploy().isPresent())
                .ifPresent(t -> deviceClaims.apply(md, t.profile(), context));
        if (decision.startOptimization()) {
            jobs.start(md, decision.revision(), decision.optimization().generation(), decision.target().orElseThrow(),
                    context);
        }
        decision.deploy().ifPresent(revision -> deployments.apply(md, revision, decision.target().orElseThrow(),
                observed.deploymentFor(revision.revision()), context));
        decision.scaleStable().ifPresent(scale -> observed.deployments().stream()
                .filter(d -> d.getMetadata().getName().equals(scale.deploymentName()))
                .findFirst()
                .ifPresent(live -> deployments.scale(scale, live, context)));
        decision.serviceRevision().ifPresent(revision -> services.apply(md, revision,
                decision.serviceSelectsAllRevisions(),
                observed.services().stream()
                        .filter(s -> s.getMetadata().getName().equals(ResourceNames.service(md)))
                        .findFirst(),
                context));
        trackServices.apply(md, decision.routing(), observed.services(), context);
        // After the Services it routes to; only where the cluster serves HTTPRoutes (else the spec was refused).
        if (observed.httpRoutesServed()) {
            routes.apply(md, decision.routing(), observed.route(ResourceNames.route(md)), context);
        }
        // Deleting last: the Service already routes to the revision that stays.
        decision.deleteDeployments().forEach(name -> deployments.delete(md, name, context));
        decision.cancelJobs().forEach(name -> jobs.cancel(md, name, context));
    }

    @Override
    public ErrorStatusUpdateControl<ModelDeployment> updateErrorStatus(ModelDeployment md,
                                                                        Context<ModelDeployment> context,
                                                                        Exception e) {
        metrics.failed(md.getMetadata().getNamespace(), e);
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    private static boolean sameStatus(ModelDeploymentStatus before, ModelDeploymentStatus after) {
        if (before == null) {
            return false;
        }
        JsonNode a = Serialization.jsonMapper().valueToTree(before);
        JsonNode b = Serialization.jsonMapper().valueToTree(after);
        return Objects.equals(a, b);
    }
}
