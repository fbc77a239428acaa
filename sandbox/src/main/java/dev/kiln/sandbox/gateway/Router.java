package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the ModelDeployment a request is for and the pods that may answer it. Pure.
 *
 * <p>The model comes from the path ({@code /v2/models/<model>/...}); the header {@value #DEPLOYMENT_HEADER}
 * ({@code <namespace>/<name>} or {@code <name>}) picks the ModelDeployment when several serve that model
 * name, and is required for model-less paths ({@code /v2}, {@code /v2/health/...}) when more than one
 * ModelDeployment exists. The backends are those of the Kiln HTTPRoute (label {@code kiln.dev/deployment})
 * with its weights when one exists, else the Service named like the ModelDeployment, whose ready pods share
 * the traffic equally (the replica ratio).
 */
public final class Router {

    public static final String DEPLOYMENT_HEADER = "Kiln-Deployment";
    static final String DEPLOYMENT_LABEL = "kiln.dev/deployment";

    private Router() {
    }

    public static Route route(RoutingSnapshot snapshot, String path, String deploymentHeader) {
        if (!path.equals("/v2") && !path.startsWith("/v2/")) {
            return new Route.Refused(404, "the sandbox gateway routes only Open Inference Protocol paths under /v2/, not "
                    + path);
        }
        Optional<String> model = modelName(path);
        List<JsonNode> candidates = new ArrayList<>(snapshot.modelDeployments());
        if (deploymentHeader != null && !deploymentHeader.isBlank()) {
            String wanted = deploymentHeader.strip();
            candidates.removeIf(md -> !wanted.equals(key(md)) && !wanted.equals(md.at("/metadata/name").asText()));
            if (candidates.isEmpty()) {
                return new Route.Refused(404, "no ModelDeployment " + wanted + " (header " + DEPLOYMENT_HEADER
                        + "); list them with: kubectl get md -A");
            }
        }
        if (model.isPresent()) {
            candidates.removeIf(md -> !model.get().equals(md.at("/spec/model/name").asText()));
            if (candidates.isEmpty()) {
                return new Route.Refused(404, "no ModelDeployment"
                        + (deploymentHeader == null ? "" : " " + deploymentHeader.strip()) + " serves model "
                        + model.get() + " (spec.model.name)");
            }
        } else if (candidates.isEmpty()) {
            return new Route.Refused(404, "no ModelDeployment exists yet; apply one with kubectl apply -f");
        }
        if (candidates.size() > 1) {
            List<String> names = candidates.stream().map(Router::key).sorted().toList();
            return new Route.Refused(409, "several ModelDeployments match (" + String.join(", ", names)
                    + "): pick one with the header '" + DEPLOYMENT_HEADER + ": <namespace>/<name>'");
        }
        return backends(snapshot, candidates.get(0));
    }

    /** A request addressed to one Service ({@link ServicePath}): its ready pods at that Service port. */
    public static Route service(RoutingSnapshot snapshot, String namespace, String name, int port) {
        Optional<JsonNode> service = service(snapshot, namespace, name);
        if (service.isEmpty()) {
            return new Route.Refused(503, "no Service " + namespace + "/" + name + "; see kubectl get svc -n " + namespace);
        }
        return new Route.To(namespace + "/" + name, List.of(new Route.Pool(namespace + "/" + name, 1,
                endpoints(snapshot, service.get(), port))));
    }

    private static Route backends(RoutingSnapshot snapshot, JsonNode md) {
        String ns = md.at("/metadata/namespace").asText();
        String name = md.at("/metadata/name").asText();
        Optional<JsonNode> httpRoute = snapshot.httpRoutes().stream()
                .filter(r -> ns.equals(r.at("/metadata/namespace").asText()))
                .filter(r -> name.equals(r.at("/metadata/labels").path(DEPLOYMENT_LABEL).asText()))
                .findFirst();
        List<Route.Pool> pools = new ArrayList<>();
        if (httpRoute.isPresent()) {
            for (JsonNode rule : httpRoute.get().at("/spec/rules")) {
                for (JsonNode ref : rule.path("backendRefs")) {
                    if (!ref.path("kind").asText("Service").equals("Service")) {
                        continue;
                    }
                    String refNs = ref.path("namespace").asText(ns);
                    int weight = ref.path("weight").asInt(1);
                    Optional<JsonNode> service = service(snapshot, refNs, ref.path("name").asText());
                    pools.add(new Route.Pool(refNs + "/" + ref.path("name").asText(), weight,
                            service.map(s -> endpoints(snapshot, s, ref.path("port").asInt(0))).orElse(List.of())));
                }
            }
            if (pools.isEmpty()) {
                return new Route.Refused(503, "HTTPRoute " + ns + "/" + httpRoute.get().at("/metadata/name").asText()
                        + " has no Service backendRefs");
            }
        } else {
            Optional<JsonNode> service = service(snapshot, ns, name);
            if (service.isEmpty()) {
                return new Route.Refused(503, "ModelDeployment " + ns + "/" + name + " has no Service " + name
                        + " yet; see kubectl get md " + name + " -n " + ns);
            }
            pools.add(new Route.Pool(ns + "/" + name, 1, endpoints(snapshot, service.get(), 0)));
        }
        return new Route.To(ns + "/" + name, pools);
    }

    private static Optional<JsonNode> service(RoutingSnapshot snapshot, String ns, String name) {
        return snapshot.services().stream().filter(s -> ns.equals(s.at("/metadata/namespace").asText())
                && name.equals(s.at("/metadata/name").asText())).findFirst();
    }

    /** Ready pods the Service selects, at the target port of its port {@code servicePort} (0: its first port). */
    static List<Route.Endpoint> endpoints(RoutingSnapshot snapshot, JsonNode service, int servicePort) {
        String ns = service.at("/metadata/namespace").asText();
        JsonNode selector = service.at("/spec/selector");
        JsonNode port = null;
        for (JsonNode p : service.at("/spec/ports")) {
            if (servicePort == 0 || p.path("port").asInt() == servicePort) {
                port = p;
                break;
            }
        }
        if (port == null || !selector.isObject() || selector.isEmpty()) {
            return List.of();
        }
        List<Route.Endpoint> endpoints = new ArrayList<>();
        for (JsonNode pod : snapshot.pods()) {
            if (!ns.equals(pod.at("/metadata/namespace").asText()) || !selects(selector, pod.at("/metadata/labels"))
                    || !ready(pod) || pod.at("/metadata/deletionTimestamp").isTextual()
                    || !pod.at("/status/podIP").isTextual()) {
                continue;
            }
            Integer target = targetPort(port, pod);
            if (target != null) {
                endpoints.add(new Route.Endpoint(ns, pod.at("/metadata/name").asText(), pod.at("/status/podIP").asText(),
                        target));
            }
        }
        return endpoints;
    }

    private static Integer targetPort(JsonNode servicePort, JsonNode pod) {
        JsonNode target = servicePort.path("targetPort");
        if (target.isMissingNode() || target.isNull()) {
            return servicePort.path("port").asInt();
        }
        if (target.isInt()) {
            return target.asInt();
        }
        for (JsonNode container : pod.at("/spec/containers")) {
            for (JsonNode p : container.path("ports")) {
                if (target.asText().equals(p.path("name").asText())) {
                    return p.path("containerPort").asInt();
                }
            }
        }
        return null;
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static boolean ready(JsonNode pod) {
        for (JsonNode c : pod.at("/status/conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    /** {@code /v2/models/<model>} or anything under it. */
    static Optional<String> modelName(String path) {
        String prefix = "/v2/models/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        String model = slash < 0 ? rest : rest.substring(0, slash);
        return model.isEmpty() ? Optional.empty() : Optional.of(model);
    }

    private static String key(JsonNode md) {
        return md.at("/metadata/namespace").asText() + "/" + md.at("/metadata/name").asText();
    }
}
