package dev.kiln.operator.resources;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.plan.TrackRouting;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Creates Kiln's HTTPRoute, sets its backend weights as the decision's routing asks, and deletes it when the
 * ModelDeployment no longer uses gatewayAPI traffic. Only spec, labels and Kiln's annotation are written: the
 * route's status belongs to the gateway controllers.
 */
@ApplicationScoped
public class CanaryRouteResource {

    public void apply(ModelDeployment md, TrackRouting routing, Optional<HTTPRoute> live,
                      Context<ModelDeployment> context) {
        if (routing.routeCanaryWeight().isEmpty()) {
            live.ifPresent(route -> context.getClient().resources(HTTPRoute.class)
                    .inNamespace(md.getMetadata().getNamespace()).withName(route.getMetadata().getName()).delete());
            return;
        }
        HTTPRoute desired = AppliedHash.stamp(CanaryRouteBuilder.route(md, routing.routeCanaryWeight().getAsInt()));
        if (live.isEmpty()) {
            context.resourceOperations().create(desired);
        } else if (!AppliedHash.matches(desired, live)) {
            context.getClient().resources(HTTPRoute.class).inNamespace(md.getMetadata().getNamespace())
                    .withName(desired.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON), jsonPatch(desired, live.get()).toString());
        }
    }

    /**
     * A JSON patch that replaces the spec and labels and sets Kiln's annotation, with no resourceVersion test:
     * the gateways write the route's status all the time, and a weight change (a rollback above all) must not
     * wait for a conflict retry. Kiln owns the whole spec; other annotations stay.
     */
    static ArrayNode jsonPatch(HTTPRoute desired, HTTPRoute live) {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        ops.addObject().put("op", "replace").put("path", "/spec")
                .set("value", Serialization.jsonMapper().valueToTree(desired.getSpec()));
        ops.addObject().put("op", "add").put("path", "/metadata/labels")
                .set("value", Serialization.jsonMapper().valueToTree(desired.getMetadata().getLabels()));
        String hash = desired.getMetadata().getAnnotations().get(AppliedHash.ANNOTATION);
        if (live.getMetadata().getAnnotations() == null) {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations").putObject("value")
                    .put(AppliedHash.ANNOTATION, hash);
        } else {
            ops.addObject().put("op", "add").put("path", "/metadata/annotations/" + AppliedHash.ANNOTATION.replace("/", "~1"))
                    .put("value", hash);
        }
        return ops;
    }
}
