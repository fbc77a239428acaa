package dev.kiln.operator.plan;

import dev.kiln.operator.api.ModelDeployment;
import dev.kiln.operator.validation.SpecProblem;

/** Whether a ModelDeployment splits canary traffic with an HTTPRoute (spec.rollout.traffic.gatewayAPI). */
public final class GatewayTraffic {

    /** gatewayAPI traffic on a cluster without the HTTPRoute kind: refused like a bad spec, stable untouched. */
    static final SpecProblem NOT_SERVED = new SpecProblem("spec.rollout.traffic.gatewayAPI",
            "this cluster does not serve HTTPRoutes (gateway.networking.k8s.io/v1): install the Gateway API CRDs "
                    + "(Kiln looks again every minute), or use traffic.replicas");

    private GatewayTraffic() {
    }

    public static boolean enabled(ModelDeployment md) {
        var rollout = md.getSpec() == null ? null : md.getSpec().rollout;
        return rollout != null && rollout.traffic != null && rollout.traffic.gatewayAPI != null;
    }
}
