package dev.kiln.sandbox.gateway;

import java.util.List;

/** Where one request goes: weighted pools of pod endpoints, or a refusal with the status and the fix. */
public sealed interface Route {

    /** A pod endpoint behind a Service. */
    record Endpoint(String namespace, String pod, String ip, int port) {
    }

    /** One backend Service with its weight (replica ratio: one pool of weight 1) and its ready endpoints. */
    record Pool(String service, int weight, List<Endpoint> endpoints) {
    }

    /** @param deployment the ModelDeployment as namespace/name */
    record To(String deployment, List<Pool> pools) implements Route {
    }

    record Refused(int status, String message) implements Route {
    }
}
