package dev.kiln.runtime.serve;

import dev.kiln.contract.RuntimeContract.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.kiln.runtime.serve.ServerTestSupport.awaitReady;
import static dev.kiln.runtime.serve.ServerTestSupport.metric;
import static dev.kiln.runtime.serve.ServerTestSupport.postJson;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A model with a fixed batch dimension: batching stays off and requests must match the shape exactly. */
@QuarkusTest
@TestProfile(FixedBatchServerTest.Profile.class)
class FixedBatchServerTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.serve.model", TestModels.fixedBatch("fixed-batch.onnx").toString(),
                    "kiln.serve.name", "fixed",
                    "kiln.serve.max-batch", "8",
                    "kiln.serve.batch-delay-micros", "20000");
        }
    }

    static String request(String shape, String data) {
        return "{\"inputs\":[{\"name\":\"x\",\"shape\":" + shape + ",\"datatype\":\"FP32\",\"data\":" + data + "}]}";
    }

    @BeforeEach
    void ready() {
        awaitReady();
    }

    @Test
    void metadataShowsTheFixedDimension() {
        given().get("/v2/models/fixed").then().statusCode(200).body("inputs[0].shape", equalTo(List.of(1, 4)))
                .body("outputs[0].shape", equalTo(List.of(1, 4)));
    }

    @Test
    void aLargerBatchIsRefusedWithTheExpectedShape() {
        postJson("fixed", request("[2,4]", "[1,2,3,4,5,6,7,8]")).then().statusCode(400)
                .body("error", containsString("input 'x' has shape [2,4] but the model takes [1,4]"));
    }

    @Test
    void concurrentRequestsEachRunAlone() {
        double runsBefore = metric(Metrics.BATCH_SIZE + "_count", "model=\"fixed\"");
        double sumBefore = metric(Metrics.BATCH_SIZE + "_sum", "model=\"fixed\"");
        List<CompletableFuture<Integer>> calls = IntStream.range(0, 6).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                postJson("fixed", request("[1,4]", "[" + i + ",0,0,0]")).statusCode())).toList();
        calls.forEach(call -> assertThat(call.join()).isEqualTo(200));
        assertThat(metric(Metrics.BATCH_SIZE + "_count", "model=\"fixed\"") - runsBefore).isEqualTo(6);
        assertThat(metric(Metrics.BATCH_SIZE + "_sum", "model=\"fixed\"") - sumBefore).isEqualTo(6);
    }
}
