package dev.kiln.operator.reconciler;

import dev.kiln.operator.analysis.MetricResult;
import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.rollout.RolloutAction;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Carries out the rollout planner's actions that are not replica counts or Service selection (those are part of
 * the decision's Deployments and Service): clears the kiln.dev/* annotations acted on, with a metadata patch
 * only (Kiln never writes spec), and records the Events that explain promotions, rollbacks and failed
 * measurements.
 */
@ApplicationScoped
public class RolloutActions {

    static final String REASON_ROLLED_BACK = "RolledBack";
    static final String REASON_MEASUREMENT_FAILED = "AnalysisMeasurementFailed";
    static final String REASON_PROMOTED = "Promoted";
    static final String REASON_ANNOTATION_IGNORED = "AnnotationIgnored";

    private static final Logger LOG = Logger.getLogger(RolloutActions.class);

    private final PhaseEvents events;

    public RolloutActions(PhaseEvents events) {
        this.events = events;
    }

    void apply(ModelDeployment md, List<RolloutAction> actions, KubernetesClient client, Instant now) {
        for (RolloutAction action : actions) {
            if (action instanceof RolloutAction.ClearAnnotation clear) {
                clearAnnotation(md, clear.key(), client);
            } else if (action instanceof RolloutAction.IgnoreAnnotation ignored) {
                clearAnnotation(md, ignored.key(), client);
                events.record(client, md, false, REASON_ANNOTATION_IGNORED, ignored.why(), now);
            } else if (action instanceof RolloutAction.RollBack rollBack) {
                events.record(client, md, true, REASON_ROLLED_BACK, "revision " + rollBack.revision()
                        + " rolled back (" + rollBack.reason() + "): " + rollBack.message(), now);
            } else if (action instanceof RolloutAction.ReportFailedMeasurement failed) {
                events.record(client, md, true, REASON_MEASUREMENT_FAILED, describe(failed.result()), now);
            } else if (action instanceof RolloutAction.Promote promote) {
                events.record(client, md, false, REASON_PROMOTED, "revision " + promote.revision()
                        + " promoted to stable" + (promote.previousStable() == null ? ""
                        : "; " + promote.previousStable() + " is scaled down after scaleDownDelaySeconds"), now);
            }
            // SetCanaryWeight and ScaleDown are carried out through the decision's replica counts and Service;
            // StartMirror and StopMirror through the shadow settings ConfigMap, which follows status.rollout.
        }
    }

    private static String describe(MetricResult result) {
        return "metric " + result.metric() + " failed: " + result.message() + " (canary " + result.canaryValue()
                + ", stable " + result.stableValue() + ", threshold " + result.threshold() + ", "
                + result.samples() + " samples)";
    }

    /**
     * Removes the key from metadata.annotations with a JSON patch "remove" that carries no resourceVersion: it
     * touches nothing else, so it cannot conflict with (or undo) a concurrent change. One that fails (the key
     * was removed meanwhile) is logged; the annotation no longer applies either way.
     */
    private static void clearAnnotation(ModelDeployment md, String key, KubernetesClient client) {
        if (md.getMetadata().getAnnotations() == null || !md.getMetadata().getAnnotations().containsKey(key)) {
            return;
        }
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "remove").put("path", "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1"));
        try {
            ModelDeployment patched = client.resources(ModelDeployment.class)
                    .inNamespace(md.getMetadata().getNamespace())
                    .withName(md.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), patch.toString());
            if (patched != null) {
                md.getMetadata().setResourceVersion(patched.getMetadata().getResourceVersion());
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("%s/%s: cannot remove annotation %s: %s", md.getMetadata().getNamespace(),
                    md.getMetadata().getName(), key, e.getMessage());
        }
        md.getMetadata().getAnnotations().remove(key);
    }
}
