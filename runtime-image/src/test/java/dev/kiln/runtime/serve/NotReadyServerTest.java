package dev.kiln.runtime.serve;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kiln.runtime.serve.ServerTestSupport.postJson;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A server whose model is still warming up (an endless warm-up, abandoned when the test app stops): live, not
 * ready, and every model endpoint answers 503.
 */
@QuarkusTest
@TestProfile(NotReadyServerTest.Profile.class)
class NotReadyServerTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.serve.model", TestModels.classifier("not-ready.onnx", 1).toString(),
                    "kiln.serve.name", "tiny",
                    "kiln.serve.warmup-runs", Integer.toString(Integer.MAX_VALUE));
        }
    }

    @Test
    void liveButNotReadyWhileWarmingUp() {
        given().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().get("/v2/health/ready").then().statusCode(503).header("Retry-After", "1")
                .body("error", containsString("model 'tiny' is not ready yet"));
        given().get("/v2/models/tiny/ready").then().statusCode(503);
        given().get("/v2/models/tiny").then().statusCode(503).body("error", containsString("not ready"));
        postJson("tiny", "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}")
                .then().statusCode(503).body("error", containsString("model 'tiny' is not ready yet"));
        given().get("/v2/models/other/ready").then().statusCode(404);
    }
}
