package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kiln.sandbox.SandboxCluster;
import dev.kiln.sandbox.SandboxFixture;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The API server as kubectl and the fabric8 client (the operator's) talk to it, over real HTTP. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MDS = "/apis/kiln.dev/v1alpha1/namespaces/default/modeldeployments";
    private static final ResourceDefinitionContext MD_CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("kiln.dev").withVersion("v1alpha1").withKind("ModelDeployment")
            .withPlural("modeldeployments").withNamespaced(true).build();

    @TempDir
    static Path workDir;
    static SandboxCluster cluster;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() {
        cluster = SandboxFixture.start(workDir);
        base = cluster.apiServer().url();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void discoveryAnnouncesBuiltinsAndInstalledCrds() throws Exception {
        assertThat(get("/version").path("gitVersion").asText()).startsWith("v1.");
        assertThat(get("/api").path("versions").toString()).isEqualTo("[\"v1\"]");
        assertThat(get("/apis").path("groups").findValuesAsText("name")).contains("apps", "batch", "kiln.dev");
        assertThat(get("/api/v1").path("resources").findValuesAsText("name")).contains("pods", "nodes", "pods/status");

        JsonNode kiln = get("/apis/kiln.dev/v1alpha1");
        JsonNode md = null;
        for (JsonNode resource : kiln.path("resources")) {
            if ("modeldeployments".equals(resource.path("name").asText())) {
                md = resource;
            }
        }
        assertThat(md).as("modeldeployments in " + kiln).isNotNull();
        assertThat(md.path("kind").asText()).isEqualTo("ModelDeployment");
        assertThat(md.path("shortNames").toString()).contains("md");
        assertThat(kiln.path("resources").findValuesAsText("name"))
                .contains("modeldeployments/status", "modeldeployments/scale");
        assertThat(get("/apis/kiln.dev").path("preferredVersion").path("version").asText()).isEqualTo("v1alpha1");
    }

    @Test
    void crdsAppliedWhileRunningAreServed() throws Exception {
        String crd = """
                {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                 "metadata": {"name": "widgets.example.com"},
                 "spec": {"group": "example.com", "scope": "Namespaced",
                   "names": {"kind": "Widget", "plural": "widgets", "singular": "widget", "shortNames": ["wd"]},
                   "versions": [{"name": "v1", "served": true, "storage": true,
                     "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}}""";
        assertThat(get("/apis/example.com/v1", 404).path("reason").asText()).isEqualTo("NotFound");
        assertThat(send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json", crd)
                .statusCode()).isEqualTo(201);

        assertThat(get("/apis/example.com/v1").path("resources").findValuesAsText("name")).containsExactly("widgets");
        HttpResponse<String> created = send("POST", "/apis/example.com/v1/namespaces/default/widgets", "application/json",
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w1\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @Test
    void unknownResourcesAreNotFoundInsteadOfStored() throws Exception {
        HttpResponse<String> response = send("POST", "/apis/nowhere.io/v1/namespaces/default/things", "application/json",
                "{\"apiVersion\":\"nowhere.io/v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"t\"}}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).isEqualTo("NotFound");
    }

    @Test
    void createConflictsAndMissingObjectsHaveKubernetesReasons() throws Exception {
        create("reasons");
        HttpResponse<String> again = send("POST", MDS, "application/json", example("reasons").toString());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("reason").asText()).isEqualTo("AlreadyExists");

        JsonNode missing = get(MDS + "/nope", 404);
        assertThat(missing.path("reason").asText()).isEqualTo("NotFound");
        assertThat(missing.path("message").asText()).isEqualTo("modeldeployments.kiln.dev \"nope\" not found");
    }

    @Test
    void statusSubresourcePatchWithQueryStringChangesOnlyStatus() throws Exception {
        create("status-only");
        HttpResponse<String> patched = send("PATCH", MDS + "/status-only/status?fieldManager=kiln&fieldValidation=Strict",
                SandboxApiServer.MERGE_PATCH,
                "{\"status\":{\"phase\":\"Healthy\"},\"spec\":{\"serving\":{\"replicas\":9}}}");
        assertThat(patched.statusCode()).isEqualTo(200);

        JsonNode stored = get(MDS + "/status-only");
        assertThat(stored.at("/status/phase").asText()).isEqualTo("Healthy");
        assertThat(stored.at("/spec/serving/replicas").asInt()).isEqualTo(3);
        assertThat(stored.at("/metadata/generation").asInt()).isEqualTo(1);

        send("PATCH", MDS + "/status-only", SandboxApiServer.MERGE_PATCH, "{\"status\":{\"phase\":\"Failed\"}}");
        assertThat(get(MDS + "/status-only").at("/status/phase").asText())
                .as("the main resource ignores status, as with a status subresource").isEqualTo("Healthy");
    }

    @Test
    void mergePatchFollowsRfc7386AndBumpsGenerationOnSpecChanges() throws Exception {
        create("merge");
        send("PATCH", MDS + "/merge", SandboxApiServer.MERGE_PATCH,
                "{\"spec\":{\"candidates\":null,\"serving\":{\"replicas\":5}}}");
        JsonNode stored = get(MDS + "/merge");
        assertThat(stored.at("/spec/candidates").isMissingNode()).isTrue();
        assertThat(stored.at("/spec/serving/replicas").asInt()).isEqualTo(5);
        assertThat(stored.at("/spec/serving/maxBatch").asInt()).isEqualTo(8);
        assertThat(stored.at("/metadata/generation").asInt()).isEqualTo(2);

        send("PATCH", MDS + "/merge", SandboxApiServer.MERGE_PATCH, "{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}");
        assertThat(get(MDS + "/merge").at("/metadata/generation").asInt()).isEqualTo(2);
    }

    @Test
    void staleResourceVersionIsAConflict() throws Exception {
        create("stale");
        HttpResponse<String> response = send("PATCH", MDS + "/stale", SandboxApiServer.MERGE_PATCH,
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"serving\":{\"replicas\":1}}}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(response.body()).path("reason").asText()).isEqualTo("Conflict");
    }

    @Test
    void scaleSubresourceReadsAndWritesTheCrdsReplicaPath() throws Exception {
        create("scaled");
        JsonNode scale = get(MDS + "/scaled/scale");
        assertThat(scale.path("kind").asText()).isEqualTo("Scale");
        assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(3);

        HttpResponse<String> patched = send("PATCH", MDS + "/scaled/scale", SandboxApiServer.MERGE_PATCH,
                "{\"spec\":{\"replicas\":5}}");
        assertThat(patched.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(get(MDS + "/scaled").at("/spec/serving/replicas").asInt()).isEqualTo(5);

        HttpResponse<String> stale = send("PUT", MDS + "/scaled/scale", "application/json",
                "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"scaled\","
                        + "\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":1}}");
        assertThat(stale.statusCode()).isEqualTo(409);
        HttpResponse<String> negative = send("PATCH", MDS + "/scaled/scale", SandboxApiServer.MERGE_PATCH,
                "{\"spec\":{\"replicas\":-1}}");
        assertThat(negative.statusCode()).isEqualTo(422);
        assertThat(get(MDS + "/scaled").at("/spec/serving/replicas").asInt()).isEqualTo(5);
    }

    @Test
    void protobufBodiesAreRefusedWithTheWayOut() throws Exception {
        HttpResponse<String> response = send("POST", "/apis/apps/v1/namespaces/default/deployments",
                "application/vnd.kubernetes.protobuf", "k8s\u0000");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("kubectl apply -f");
    }

    @Test
    void serverSideApplyCreatesThenMerges() throws Exception {
        String yaml = """
                apiVersion: kiln.dev/v1alpha1
                kind: ModelDeployment
                metadata:
                  name: applied
                  labels: {team: vision}
                spec:
                  model: {name: m, uri: "pvc://models/m.onnx"}
                """;
        HttpResponse<String> created = send("PATCH", MDS + "/applied?fieldManager=kiln&force=true",
                SandboxApiServer.APPLY_PATCH, yaml);
        assertThat(created.statusCode()).isEqualTo(201);

        HttpResponse<String> merged = send("PATCH", MDS + "/applied?fieldManager=kiln&force=true",
                SandboxApiServer.APPLY_PATCH, yaml.replace("{team: vision}", "{tier: gold}"));
        assertThat(merged.statusCode()).isEqualTo(200);
        JsonNode stored = get(MDS + "/applied");
        assertThat(stored.at("/metadata/labels/tier").asText()).isEqualTo("gold");
        assertThat(stored.at("/metadata/labels/team").asText())
                .as("approximation: fields left out of an apply are kept, not removed").isEqualTo("vision");

        HttpResponse<String> status = send("PATCH", MDS + "/applied/status?fieldManager=kiln&force=true",
                SandboxApiServer.APPLY_PATCH, "{\"apiVersion\":\"kiln.dev/v1alpha1\",\"kind\":\"ModelDeployment\","
                        + "\"metadata\":{\"name\":\"applied\"},\"status\":{\"phase\":\"Optimizing\"}}");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(get(MDS + "/applied").at("/status/phase").asText()).isEqualTo("Optimizing");
    }

    @Test
    void serverSideApplyToStatusReplacesTheStatusAsItsOneManagerWouldOwnIt() throws Exception {
        create("owned");
        String apply = "{\"apiVersion\":\"kiln.dev/v1alpha1\",\"kind\":\"ModelDeployment\","
                + "\"metadata\":{\"name\":\"owned\"},\"status\":%s}";
        send("PATCH", MDS + "/owned/status?fieldManager=kiln&force=true", SandboxApiServer.APPLY_PATCH, apply.formatted(
                "{\"phase\":\"Healthy\",\"optimization\":{\"revision\":\"a\",\"outcome\":\"Succeeded\"}}"));

        HttpResponse<String> next = send("PATCH", MDS + "/owned/status?fieldManager=kiln&force=true",
                SandboxApiServer.APPLY_PATCH, apply.formatted(
                        "{\"phase\":\"Optimizing\",\"optimization\":{\"revision\":\"b\",\"jobName\":\"job-b\"}}"));

        assertThat(next.statusCode()).isEqualTo(200);
        JsonNode status = get(MDS + "/owned").path("status");
        assertThat(status.at("/optimization/revision").asText()).isEqualTo("b");
        assertThat(status.at("/optimization/jobName").asText()).isEqualTo("job-b");
        assertThat(status.at("/optimization").has("outcome"))
                .as("a field the manager left out of its apply is removed, as real server-side apply does").isFalse();
        assertThat(get(MDS + "/owned").at("/spec/model/name").asText()).as("the spec is untouched").isNotEmpty();
    }

    @Test
    void tablesUseTheCrdPrinterColumns() throws Exception {
        create("tabled");
        send("PATCH", MDS + "/tabled/status", SandboxApiServer.MERGE_PATCH,
                "{\"status\":{\"phase\":\"Healthy\",\"currentRevision\":\"r7\"}}");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + MDS + "/tabled"))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode table = JSON.readTree(response.body());
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Age", "Revision", "Variant", "Phase", "Accelerator", "Ready", "Canary");
        JsonNode cells = table.path("rows").get(0).path("cells");
        assertThat(cells.get(0).asText()).isEqualTo("tabled");
        assertThat(cells.get(2).asText()).isEqualTo("r7");
        assertThat(cells.get(4).asText()).isEqualTo("Healthy");
    }

    @Test
    void listsAreTypedLikeARealServer() throws Exception {
        JsonNode nodes = get("/api/v1/nodes");
        assertThat(nodes.path("kind").asText()).isEqualTo("NodeList");
        assertThat(nodes.path("items").findValuesAsText("name")).contains("cpu-1", "cpu-2", "gpu-1", "npu-1");
    }

    @Test
    void streamedWatchSendsChangesAfterTheRequestedResourceVersionOnly() throws Exception {
        create("watched");
        String listVersion = get(MDS).path("metadata").path("resourceVersion").asText();
        HttpRequest watch = HttpRequest.newBuilder(URI.create(base + MDS + "?watch=true&resourceVersion=" + listVersion
                + "&fieldSelector=metadata.name%3Dwatched")).GET().build();
        HttpResponse<InputStream> stream = http.send(watch, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (Exception closed) {
                // the test ends the stream
            }
        });

        send("PATCH", MDS + "/watched/status", SandboxApiServer.MERGE_PATCH, "{\"status\":{\"phase\":\"Progressing\"}}");

        String first = lines.poll(10, TimeUnit.SECONDS);
        assertThat(first).as("first watch line").isNotNull();
        JsonNode event = JSON.readTree(first);
        assertThat(event.path("type").asText()).as("the already listed object is not replayed").isEqualTo("MODIFIED");
        assertThat(event.at("/object/status/phase").asText()).isEqualTo("Progressing");
        stream.body().close();
    }

    @Test
    void fabric8ClientWatchesAndAppliesLikeTheOperatorWill() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig()))).build()) {
            GenericKubernetesResource md = client.resource(
                    new YAMLMapper().convertValue(example("fabric8"), GenericKubernetesResource.class)).create();
            assertThat(md.getMetadata().getUid()).isNotBlank();

            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            Watch watch = client.genericKubernetesResources(MD_CONTEXT).inNamespace("default").withName("fabric8")
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource resource) {
                            events.add(action + " " + resource.getAdditionalProperties().getOrDefault("status", Map.of()));
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    });
            try {
                GenericKubernetesResource withStatus = client.genericKubernetesResources(MD_CONTEXT).inNamespace("default")
                        .withName("fabric8").get();
                withStatus.setAdditionalProperty("status", Map.of("phase", "Healthy"));
                client.genericKubernetesResources(MD_CONTEXT).inNamespace("default").resource(withStatus)
                        .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                                .withFieldManager("kiln").withForce(true).build());

                String event = null;
                for (int i = 0; i < 5 && (event == null || !event.startsWith("MODIFIED")); i++) {
                    event = events.poll(10, TimeUnit.SECONDS);
                }
                assertThat(event).isEqualTo("MODIFIED {phase=Healthy}");
            } finally {
                watch.close();
            }
        }
    }

    private static ObjectNode example(String name) throws Exception {
        ObjectNode md = (ObjectNode) new YAMLMapper().readTree(
                SandboxFixture.examplesDir().resolve("image-classifier.yaml").toFile());
        md.with("metadata").put("name", name);
        return md;
    }

    private static void create(String name) throws Exception {
        HttpResponse<String> response = send("POST", MDS, "application/json", example(name).toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static JsonNode get(String path) throws Exception {
        return get(path, 200);
    }

    private static JsonNode get(String path, int expectedCode) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(expectedCode);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
