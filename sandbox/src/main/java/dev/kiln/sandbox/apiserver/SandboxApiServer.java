package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonDiff;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's Kubernetes API server: fabric8's CRUD mock storage behind an HTTP front end on
 * 127.0.0.1 that adds what the mock lacks for kubectl and the operator: discovery, server-side
 * tables, streamed (non web socket) watches, JSON merge patch with RFC 7386 semantics, server-side
 * apply approximated as create-or-merge, subresource paths with query strings, and Status bodies
 * with proper reasons.
 */
public final class SandboxApiServer implements AutoCloseable {

    public static final String APPLY_PATCH = "application/apply-patch+yaml";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String JSON_PATCH = "application/json-patch+json";

    private static final System.Logger LOG = System.getLogger(SandboxApiServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final Clock clock;
    private final Vertx vertx = Vertx.vertx();
    private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    private final List<ResourceType> builtins = ResourceTypes.builtins();
    private final Object writes = new Object();
    private final WatchEndpoint watches;
    /** Bumped by every CRD write; the cached resource types are only valid for the count they were built at. */
    private final java.util.concurrent.atomic.AtomicLong crdWrites = new java.util.concurrent.atomic.AtomicLong();
    private volatile CachedTypes cachedTypes;
    private HttpServer http;

    private SandboxApiServer(Clock clock) {
        this.clock = clock;
        this.watches = new WatchEndpoint(vertx, store, clock);
    }

    /** Starts serving on 127.0.0.1; port 0 picks a free one. */
    public static SandboxApiServer start(int port, Clock clock) {
        SandboxApiServer server = new SandboxApiServer(clock);
        server.http = server.vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
        server.http.requestHandler(server::handle);
        try {
            server.http.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (choose another --port, or 0 for any free port)", e);
        }
        server.call("POST", "/api/v1/namespaces", null,
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"},"
                        + "\"status\":{\"phase\":\"Active\"}}");
        return server;
    }

    public String url() {
        return "http://127.0.0.1:" + http.actualPort();
    }

    @Override
    public void close() {
        watches.closeAll();
        try {
            if (http != null) {
                http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "API server did not stop cleanly: " + e);
        }
    }

    /**
     * The same request handling HTTP clients get, minus watches; for seeding the cluster and tests.
     *
     * @param uri path and query, e.g. {@code /api/v1/nodes}
     */
    public ApiResponse call(String method, String uri, String contentType, String body) {
        return respond(method, uri, contentType, null, body == null ? "" : body);
    }

    /** Creates the object, or merges it into the existing one (server-side apply, approximated). */
    public ApiResponse apply(JsonNode object) {
        ResourceType type = types().byKind(object.path("apiVersion").asText(), object.path("kind").asText())
                .orElseThrow(() -> new IllegalArgumentException("no resource serves apiVersion '"
                        + object.path("apiVersion").asText() + "' kind '" + object.path("kind").asText()
                        + "': install its CRD first"));
        String name = object.path("metadata").path("name").asText();
        String namespace = type.namespaced() ? object.path("metadata").path("namespace").asText("default") : null;
        String path = (type.group().isEmpty() ? "/api/" : "/apis/" + type.group() + "/") + type.version()
                + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + type.plural() + "/" + name;
        return call("PATCH", path + "?fieldManager=kiln-sandbox", APPLY_PATCH, object.toString());
    }

    private void handle(HttpServerRequest request) {
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            // A web socket upgrade must be answered before the request body is read.
            handleWatchRequest(request);
            return;
        }
        request.body().onSuccess(buffer -> {
            String body = buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
            if (request.method() == io.vertx.core.http.HttpMethod.GET && handleWatchRequest(request)) {
                return;
            }
            ApiResponse response;
            try {
                response = respond(request.method().name(), request.uri(), request.getHeader("Content-Type"),
                        request.getHeader("Accept"), body);
            } catch (BadRequest e) {
                response = new ApiResponse(400, Statuses.failure(400, "BadRequest", e.getMessage()).toString());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, request.method() + " " + request.uri() + " failed", e);
                response = new ApiResponse(500, Statuses.failure(500, "InternalError", String.valueOf(e)).toString());
            }
            request.response().setStatusCode(response.code())
                    .putHeader("Content-Type", "application/json")
                    .end(response.body());
        }).onFailure(e -> request.response().setStatusCode(400).end());
    }

    /** Starts a watch when the request is one; false when it is not a watch of a served resource. */
    private boolean handleWatchRequest(HttpServerRequest request) {
        ResourcePath path = ResourcePath.parse(request.uri());
        Optional<ResourceType> type = path.resource() == null || !path.isWatch()
                ? Optional.empty()
                : types().find(path.group(), path.version(), path.resource());
        if (type.isEmpty()) {
            if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
                request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end(Statuses.notFound(path).toString());
                return true;
            }
            return false;
        }
        watches.open(request, path, type.get());
        return true;
    }

    private ApiResponse respond(String method, String uri, String contentType, String accept, String body) {
        ResourcePath path = ResourcePath.parse(uri);
        if (contentType != null && contentType.contains("protobuf")) {
            return new ApiResponse(415, Statuses.failure(415, "UnsupportedMediaType", "the sandbox API server reads "
                    + "JSON and YAML, not protobuf: use kubectl apply -f with a manifest instead of a generator "
                    + "such as kubectl create deployment").toString());
        }
        boolean get = method.equals("GET");
        if (get) {
            switch (path.rawPath()) {
                case "/version":
                    return ok(versionInfo());
                case "/api":
                    return ok(Discovery.coreVersions("127.0.0.1:" + (http == null ? 0 : http.actualPort())));
                case "/apis":
                    return ok(Discovery.groupList(types().all()));
                case "/healthz", "/livez", "/readyz":
                    return new ApiResponse(200, "ok");
                default:
                    break;
            }
        }
        if (method.equals("POST") && path.rawPath().startsWith(AccessReviews.GROUP_VERSION)) {
            Optional<ApiResponse> review = AccessReviews.answer(path.rawPath(), body.isBlank() ? null : asNode(body));
            if (review.isPresent()) {
                return review.get();
            }
        }
        if (path.group() == null || path.version() == null && path.isCoreGroup()) {
            return notFound(path);
        }
        if (path.resource() == null) {
            if (!get) {
                return new ApiResponse(405, Statuses.failure(405, "MethodNotAllowed", method + " on discovery").toString());
            }
            Optional<ObjectNode> doc = path.version() == null
                    ? Discovery.group(types().all(), path.group())
                    : Discovery.resourceList(types().all(), path.group(), path.version());
            return doc.map(SandboxApiServer::ok).orElseGet(() -> notFound(path));
        }
        Optional<ResourceType> found = types().find(path.group(), path.version(), path.resource());
        if (found.isEmpty() || found.get().namespaced() == false && path.namespace() != null
                || found.get().namespaced() && path.namespace() == null && path.name() != null) {
            return notFound(path);
        }
        ResourceType type = found.get();
        if ("scale".equals(path.subresource())) {
            synchronized (writes) {
                return scale(method, path, type, contentType, body);
            }
        }
        if (get) {
            return read(path, type, accept);
        }
        synchronized (writes) {
            ApiResponse response = switch (method) {
                case "POST" -> store("POST", path.rawPath(), "application/json", asJson(body));
                case "PUT" -> store("PUT", path.rawPath(), "application/json", asJson(body));
                case "DELETE" -> store("DELETE", path.storagePath(), null, "");
                case "PATCH" -> patch(path, contentType, body);
                default -> new ApiResponse(405, Statuses.failure(405, "MethodNotAllowed", method).toString());
            };
            if ("customresourcedefinitions".equals(path.resource())) {
                crdWrites.incrementAndGet();
            }
            return finish(method, path, response);
        }
    }

    private ApiResponse read(ResourcePath path, ResourceType type, String accept) {
        ApiResponse response = store("GET", path.storagePath(), null, "");
        if (!response.ok()) {
            return finish("GET", path, response);
        }
        JsonNode doc = parse(response.body());
        List<JsonNode> objects = new ArrayList<>();
        if (path.name() == null) {
            ObjectNode list = (ObjectNode) doc;
            list.put("kind", type.kind() + "List");
            list.put("apiVersion", type.groupVersion());
            list.withArray("items").forEach(objects::add);
        } else {
            objects.add(doc);
        }
        if (accept != null && accept.contains("as=Table")) {
            String resourceVersion = path.name() == null
                    ? doc.path("metadata").path("resourceVersion").asText()
                    : doc.path("metadata").path("resourceVersion").asText();
            return ok(TableBuilder.table(type.columns(), objects, resourceVersion, clock.instant(),
                    "Object".equals(path.query().get("includeObject")), true));
        }
        return ok(doc);
    }

    /** The scale subresource: reads and writes the replica count where the resource keeps it. */
    private ApiResponse scale(String method, ResourcePath path, ResourceType type, String contentType, String body) {
        ScalePaths paths = type.scale();
        if (paths == null || path.name() == null) {
            return notFound(path);
        }
        ApiResponse current = store("GET", path.objectPath(), null, "");
        if (!current.ok()) {
            return finish(method, path, current);
        }
        JsonNode object = parse(current.body());
        ObjectNode scale = paths.scaleOf(object);
        if (method.equals("GET")) {
            return ok(scale);
        }
        JsonNode wanted = switch (method) {
            case "PUT" -> asNode(body);
            case "PATCH" -> MergePatch.apply(scale, asNode(body));
            default -> null;
        };
        if (wanted == null) {
            return new ApiResponse(405, Statuses.failure(405, "MethodNotAllowed", method + " on scale").toString());
        }
        JsonNode replicas = wanted.at("/spec/replicas");
        if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
            return new ApiResponse(422, Statuses.failure(422, "Invalid",
                    "Scale.spec.replicas must be a non-negative integer, got " + replicas).toString());
        }
        String expectedVersion = wanted.at("/metadata/resourceVersion").asText("");
        ObjectNode patch = paths.replicasPatch(replicas.asInt());
        if (!expectedVersion.isEmpty()) {
            patch.putObject("metadata").put("resourceVersion", expectedVersion);
        }
        ApiResponse updated = finish(method, path, mergeInto(path.objectPath(), object, patch));
        return updated.ok() ? ok(paths.scaleOf(parse(updated.body()))) : updated;
    }

    private ApiResponse patch(ResourcePath path, String contentType, String body) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim();
        String target = path.rawPath();
        ApiResponse current = store("GET", path.objectPath(), null, "");
        if (type.equals(APPLY_PATCH)) {
            JsonNode applied = asNode(body);
            if (current.code() == 404 && !path.isStatus()) {
                ObjectNode create = (ObjectNode) applied;
                create.withObject("metadata").put("name", path.name());
                return store("POST", path.collectionPath(), "application/json", create.toString());
            }
            if (current.ok() && path.isStatus()) {
                return replaceStatus(target, parse(current.body()), applied);
            }
            return current.ok() ? mergeInto(target, parse(current.body()), applied) : current;
        }
        if (type.equals(MERGE_PATCH) || type.equals(STRATEGIC_MERGE_PATCH)) {
            return current.ok() ? mergeInto(target, parse(current.body()), asNode(body)) : current;
        }
        if (type.equals(JSON_PATCH)) {
            return store("PATCH", target, JSON_PATCH, body);
        }
        return new ApiResponse(415, Statuses.failure(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format: use " + MERGE_PATCH + ", " + JSON_PATCH
                        + ", " + STRATEGIC_MERGE_PATCH + " or " + APPLY_PATCH).toString());
    }

    /**
     * An apply to the status subresource stands for the one field manager that owns the status (the operator):
     * real server-side apply removes the fields that manager left out of this apply, so the applied status
     * replaces the stored one instead of being merged into it (a merge would keep, say, a finished
     * optimization's outcome beside the next revision's running Job).
     */
    private ApiResponse replaceStatus(String target, JsonNode current, JsonNode applied) {
        ObjectNode replaced = current.deepCopy();
        if (applied.has("status")) {
            replaced.set("status", applied.get("status"));
        } else {
            replaced.remove("status");
        }
        ArrayNode diff = (ArrayNode) JsonDiff.asJson(current, replaced);
        return store("PATCH", target, JSON_PATCH, diff.toString());
    }

    /** Merges with RFC 7386 semantics, then stores the difference as a JSON patch so the storage keeps
     * its own rules (status subresource, generation, resourceVersion checks). */
    private ApiResponse mergeInto(String target, JsonNode current, JsonNode patch) {
        JsonNode merged = MergePatch.apply(current, patch);
        ArrayNode diff = (ArrayNode) JsonDiff.asJson(current, merged);
        return store("PATCH", target, JSON_PATCH, diff.toString());
    }

    private ApiResponse finish(String method, ResourcePath path, ApiResponse response) {
        if (response.ok()) {
            int code = response.code() == 202 ? 200 : response.code();
            return new ApiResponse(code, response.body());
        }
        JsonNode body = response.body().isEmpty() ? null : parse(response.body());
        return new ApiResponse(response.code(), Statuses.normalize(response.code(), method, body, path).toString());
    }

    private record CachedTypes(long crdWrites, ResourceTypes types) {
    }

    /** The served resources; rebuilt from the stored CRDs after any CRD write. */
    private ResourceTypes types() {
        long writes = crdWrites.get();
        CachedTypes cached = cachedTypes;
        if (cached != null && cached.crdWrites() == writes) {
            return cached.types();
        }
        ApiResponse crds = store("GET", CRD_PATH, null, "");
        List<JsonNode> items = new ArrayList<>();
        parse(crds.body()).path("items").forEach(items::add);
        ResourceTypes built = ResourceTypes.of(builtins, items);
        cachedTypes = new CachedTypes(writes, built);
        return built;
    }

    private ApiResponse store(String method, String path, String contentType, String body) {
        Headers.Builder headers = Headers.builder();
        if (contentType != null) {
            headers.add("Content-Type", contentType);
        }
        RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path, headers.build(),
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
        MockResponse response = store.dispatch(request);
        Buffer responseBody = response.getBody();
        return new ApiResponse(response.code(), responseBody == null ? "" : new String(responseBody.getBytes(),
                StandardCharsets.UTF_8));
    }

    private static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body.toString());
    }

    private static ApiResponse notFound(ResourcePath path) {
        return new ApiResponse(404, Statuses.notFound(path).toString());
    }

    private static ObjectNode versionInfo() {
        ObjectNode version = JSON.createObjectNode();
        version.put("major", "1");
        version.put("minor", "32");
        version.put("gitVersion", "v1.32.0-kiln-sandbox");
        version.put("gitCommit", "0000000000000000000000000000000000000000");
        version.put("gitTreeState", "clean");
        version.put("buildDate", "2025-01-01T00:00:00Z");
        version.put("goVersion", "none");
        version.put("compiler", "none");
        version.put("platform", "linux/amd64");
        return version;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("storage returned invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Request bodies may be JSON or YAML (server-side apply sends YAML). */
    private static JsonNode asNode(String body) {
        try {
            JsonNode node = YAML.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the request body must be one JSON or YAML object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request body is not valid JSON or YAML: " + e.getOriginalMessage());
        }
    }

    private static String asJson(String body) {
        return asNode(body).toString();
    }

    private static long parseLong(String value) {
        try {
            return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A malformed request body; answered with 400 and the reason. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
