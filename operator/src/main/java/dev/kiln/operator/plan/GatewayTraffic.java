package dev.kiln.operator.plan;

import dev.kiln.operator.api.ModelDeployment;

/** Whether a ModelDeployment splits canary traffic with an HTTPRoute (spec.rollout.traffic.gatewayAPI). */
public final class GatewayTraffic {

    private GatewayTraffic() {
    }

    public static boolean enabled(ModelDeployment md) {
        var rollout = md.getSpec() == null ? null : md.getSpec().rollout;
        return rollout != null && rollout.traffic != null && rollout.traffic.gatewayAPI != null;
    }
}
