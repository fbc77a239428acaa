package dev.kiln.runtime.serve;

import dev.kiln.contract.RuntimeContract.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.kiln.runtime.serve.ServerTestSupport.awaitReady;
import static dev.kiln.runtime.serve.ServerTestSupport.littleEndianFloats;
import static dev.kiln.runtime.serve.ServerTestSupport.metric;
import static dev.kiln.runtime.serve.ServerTestSupport.postBinary;
import static dev.kiln.runtime.serve.ServerTestSupport.postJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The tiny classifier served with batching on: every endpoint, the JSON and binary forms, errors, metrics, batching. */
@QuarkusTest
@TestProfile(ClassifierServerTest.Profile.class)
class ClassifierServerTest {

    static final String MODEL = "tiny";
    static final String LABELS = "model=\"tiny\",";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.serve.model", TestModels.classifier("classifier.onnx", 1).toString(),
                    "kiln.serve.name", MODEL,
                    "kiln.serve.max-batch", "8",
                    "kiln.serve.batch-delay-micros", "20000",
                    "kiln.serve.max-request-bytes", "4096",
                    "kiln.serve.revision", "r7",
                    "kiln.serve.track", "canary");
        }
    }

    static ReferenceModel reference;

    @BeforeAll
    static void openReference() throws Exception {
        reference = new ReferenceModel(TestModels.classifier("classifier-reference.onnx", 1));
    }

    @AfterAll
    static void closeReference() throws Exception {
        reference.close();
    }

    @BeforeEach
    void ready() {
        awaitReady();
    }

    static String request(String data, String shape) {
        return "{\"id\":\"req-1\",\"inputs\":[{\"name\":\"input\",\"shape\":" + shape + ",\"datatype\":\"FP32\",\"data\":" + data + "}]}";
    }

    static float[] floats(JsonPath json, String path) {
        List<Float> values = json.getList(path, Float.class);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    @Test
    void healthAndServerMetadata() {
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2").then().statusCode(200).body("name", equalTo("kiln"))
                .body("extensions", hasItem("binary_tensor_data"));
    }

    @Test
    void modelMetadataReportsTheGraph() {
        given().get("/v2/models/" + MODEL).then().statusCode(200)
                .body("name", equalTo(MODEL))
                .body("versions", hasItem("r7"))
                .body("platform", equalTo("onnxruntime_onnx"))
                .body("inputs[0].name", equalTo("input"))
                .body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, 4)))
                .body("outputs[0].name", equalTo("probabilities"))
                .body("outputs[0].shape", equalTo(List.of(-1, 3)));
        given().get("/v2/models/" + MODEL + "/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void unknownModelIs404Everywhere() {
        given().get("/v2/models/other").then().statusCode(404).body("error", containsString("'other'"))
                .body("error", containsString("'" + MODEL + "'"));
        given().get("/v2/models/other/ready").then().statusCode(404);
        postJson("other", request("[1,2,3,4]", "[1,4]")).then().statusCode(404)
                .body("error", containsString("not served here"));
    }

    @Test
    void inferFlatAndNestedAgreeWithInProcessRun() throws Exception {
        float[] row = {0.5f, -1.25f, 3f, 0.125f};
        float[] expected = reference.run(row, 1, 4);
        Response flat = postJson(MODEL, request("[0.5,-1.25,3,0.125]", "[1,4]"));
        flat.then().statusCode(200).body("id", equalTo("req-1")).body("model_name", equalTo(MODEL))
                .body("outputs[0].name", equalTo("probabilities")).body("outputs[0].datatype", equalTo("FP32"))
                .body("outputs[0].shape", equalTo(List.of(1, 3)));
        assertThat(floats(flat.jsonPath(), "outputs[0].data")).containsExactly(expected);
        Response nested = postJson(MODEL, request("[[0.5,-1.25,3,0.125]]", "[1,4]"));
        assertThat(floats(nested.jsonPath(), "outputs[0].data")).containsExactly(expected);
    }

    @Test
    void outputSelectionAndUnknownOutput() {
        String selected = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}],"
                + "\"outputs\":[{\"name\":\"probabilities\"}]}";
        postJson(MODEL, selected).then().statusCode(200).body("outputs.size()", equalTo(1))
                .body("id", equalTo(null));
        postJson(MODEL, selected.replace("\"probabilities\"}", "\"logits\"}")).then().statusCode(400)
                .body("error", containsString("unknown output 'logits'")).body("error", containsString("[probabilities]"));
    }

    @Test
    void binaryInputAndOutputMatchJson() {
        float[] rows = {1f, 2f, 3f, 4f, -4f, 0.5f, 0f, 9f};
        String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,4],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":32}}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}";
        Response binary = postBinary(MODEL, header, littleEndianFloats(rows));
        binary.then().statusCode(200).contentType("application/octet-stream");
        int headerLength = Integer.parseInt(binary.header("Inference-Header-Content-Length"));
        byte[] body = binary.asByteArray();
        JsonPath json = JsonPath.from(new String(body, 0, headerLength));
        assertThat(json.getInt("outputs[0].parameters.binary_data_size")).isEqualTo(24);
        assertThat(body.length).isEqualTo(headerLength + 24);
        ByteBuffer data = ByteBuffer.wrap(body, headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        float[] fromBinary = new float[6];
        for (int i = 0; i < 6; i++) {
            fromBinary[i] = data.getFloat();
        }
        Response asJson = postJson(MODEL, request(Arrays.toString(rows), "[2,4]"));
        assertThat(fromBinary).containsExactly(floats(asJson.jsonPath(), "outputs[0].data"));
    }

    static Stream<Arguments> badRequests() {
        String ok = "\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\"";
        return Stream.of(
                Arguments.of("wrong input name", "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}",
                        "unknown input 'pixels'; the model's inputs are [input]"),
                Arguments.of("no inputs", "{\"inputs\":[]}", "no 'inputs'"),
                Arguments.of("wrong datatype", "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"INT64\",\"data\":[1,2,3,4]}]}",
                        "input 'input' is INT64 but the model takes FP32"),
                Arguments.of("unknown datatype", "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FLOAT\",\"data\":[1,2,3,4]}]}",
                        "input 'input' has datatype 'FLOAT'"),
                Arguments.of("wrong rank", "{\"inputs\":[{\"name\":\"input\",\"shape\":[4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}",
                        "input 'input' has shape [4] but the model takes [-1,4]"),
                Arguments.of("wrong dimension", "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}",
                        "input 'input' has shape [2,2] but the model takes [-1,4]"),
                Arguments.of("element count", "{\"inputs\":[{" + ok + ",\"data\":[1,2,3]}]}",
                        "input 'input' has shape [1,4], which needs 4 elements, but its data has 3"),
                Arguments.of("malformed JSON", "{\"inputs\":[{" + ok + ",\"data\":[1,2,3,4]}", "malformed JSON"),
                Arguments.of("not JSON", "hello", "malformed JSON"),
                Arguments.of("NaN", "{\"inputs\":[{" + ok + ",\"data\":[1,NaN,3,4]}]}",
                        "input 'input' element 1 is NaN"),
                Arguments.of("beyond FP32", "{\"inputs\":[{" + ok + ",\"data\":[1,2,1e300,4]}]}",
                        "input 'input' element 2 is Infinity"),
                Arguments.of("string element", "{\"inputs\":[{" + ok + ",\"data\":[1,\"2\",3,4]}]}",
                        "input 'input' data element 1 is \"2\"; FP32 data takes numbers"),
                Arguments.of("negative shape", "{\"inputs\":[{\"name\":\"input\",\"shape\":[-1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}",
                        "input 'input' has shape element '-1'"),
                Arguments.of("binary size without header", "{\"inputs\":[{" + ok + ",\"parameters\":{\"binary_data_size\":16}}]}",
                        "no Inference-Header-Content-Length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsAre400NamingTheTensor(String what, String body, String message) {
        postJson(MODEL, body).then().statusCode(400).contentType("application/json").body("error", containsString(message));
    }

    @Test
    void badBinaryRequestsAre400() {
        String header = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":%d}}]}";
        postBinary(MODEL, header.formatted(12), new byte[12]).then().statusCode(400)
                .body("error", containsString("input 'input' has binary_data_size 12 but FP32 shape [1,4] needs 16 bytes"));
        postBinary(MODEL, header.formatted(16), new byte[8]).then().statusCode(400)
                .body("error", containsString("input 'input' needs 16 bytes of binary data"));
        postBinary(MODEL, header.formatted(16), new byte[20]).then().statusCode(400)
                .body("error", containsString("4 bytes of binary data that no input's binary_data_size accounts for"));
        given().header("Inference-Header-Content-Length", "999").body("{}").post("/v2/models/" + MODEL + "/infer")
                .then().statusCode(400).body("error", containsString("Inference-Header-Content-Length is 999"));
    }

    @Test
    void oversizedBodyIs413AndServerStaysHealthy() {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            data.append(i == 0 ? "" : ",").append("0.5");
        }
        postJson(MODEL, request(data + "]", "[500,4]")).then().statusCode(413)
                .body("error", containsString("over the limit of 4096 bytes"));
        given().get("/v2/health/live").then().statusCode(200);
        given().get("/v2/health/ready").then().statusCode(200);
        postJson(MODEL, request("[1,2,3,4]", "[1,4]")).then().statusCode(200);
    }

    @Test
    void metricsCountOutcomesWithLabels() {
        String labels = "revision=\"r7\",track=\"canary\"";
        double successBefore = metric(Metrics.REQUESTS, LABELS, "outcome=\"success\"", labels);
        double clientBefore = metric(Metrics.REQUESTS, LABELS, "outcome=\"client_error\"", labels);
        postJson(MODEL, request("[1,2,3,4]", "[1,4]")).then().statusCode(200);
        postJson(MODEL, request("[1,2,3]", "[1,4]")).then().statusCode(400);
        postJson("other", request("[1,2,3,4]", "[1,4]")).then().statusCode(404);
        assertThat(metric(Metrics.REQUESTS, LABELS, "outcome=\"success\"", labels)).isEqualTo(successBefore + 1);
        assertThat(metric(Metrics.REQUESTS, LABELS, "outcome=\"client_error\"", labels)).isEqualTo(clientBefore + 2);
        String scrape = RestAssured.get("/q/metrics").asString();
        for (String histogram : List.of(Metrics.REQUEST_LATENCY, Metrics.COMPUTE_LATENCY, Metrics.QUEUE_LATENCY)) {
            assertThat(scrape).contains(histogram + "_bucket{model=\"tiny\",revision=\"r7\",track=\"canary\",le=\"0.001\"}");
            assertThat(metric(histogram + "_count", LABELS)).isPositive();
        }
        assertThat(scrape).contains(Metrics.BATCH_SIZE + "_bucket{model=\"tiny\",revision=\"r7\",track=\"canary\",le=\"8.0\"}");
        assertThat(scrape).contains(Metrics.SHADOW_COMPARISONS + "{model=\"tiny\",result=\"agree\"");
    }

    @Test
    void concurrentRequestsAreBatchedAndEqualUnbatchedRuns() throws Exception {
        double runsBefore = metric(Metrics.BATCH_SIZE + "_count", LABELS);
        double requestsBefore = metric(Metrics.BATCH_SIZE + "_sum", LABELS);
        int clients = 8;
        List<float[]> inputs = new ArrayList<>();
        List<Integer> rowCounts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int rows = 1 + c % 3;
            float[] data = new float[rows * 4];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) Math.cos(c * 31 + i) * (c + 1);
            }
            inputs.add(data);
            rowCounts.add(rows);
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<float[]>> answers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                Callable<float[]> call = () -> {
                    Response response = postJson(MODEL, request(Arrays.toString(inputs.get(client)),
                            "[" + rowCounts.get(client) + ",4]"));
                    response.then().statusCode(200);
                    return floats(response.jsonPath(), "outputs[0].data");
                };
                answers.add(pool.submit(call));
            }
            for (int c = 0; c < clients; c++) {
                float[] expected = reference.run(inputs.get(c), rowCounts.get(c), 4);
                float[] actual = answers.get(c).get(30, TimeUnit.SECONDS);
                assertThat(floatBits(actual)).as("client %d", c).containsExactly(floatBits(expected));
            }
        } finally {
            pool.shutdownNow();
        }
        double runs = metric(Metrics.BATCH_SIZE + "_count", LABELS) - runsBefore;
        double requests = metric(Metrics.BATCH_SIZE + "_sum", LABELS) - requestsBefore;
        assertThat(requests).isEqualTo(clients);
        assertThat(runs).as("model runs for %d concurrent requests", clients).isLessThan(clients);
    }

    static int[] floatBits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

}
