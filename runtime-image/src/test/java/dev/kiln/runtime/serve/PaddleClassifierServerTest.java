package dev.kiln.runtime.serve;

import dev.kiln.contract.RuntimeContract.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.kiln.runtime.serve.ServerTestSupport.awaitReady;
import static dev.kiln.runtime.serve.ServerTestSupport.littleEndianFloats;
import static dev.kiln.runtime.serve.ServerTestSupport.postBinary;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The real pretrained PaddleOCR text-orientation classifier behind the server. */
@QuarkusTest
@TestProfile(PaddleClassifierServerTest.Profile.class)
class PaddleClassifierServerTest {

    static final String MODEL = "text-orientation";
    static final String OUTPUT = "softmax_0.tmp_0";

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.serve.model", TestModels.paddleClassifier().toString(),
                    "kiln.serve.name", MODEL,
                    "kiln.serve.threads", "1",
                    "kiln.serve.max-batch", "8",
                    "kiln.serve.batch-delay-micros", "30000");
        }
    }

    static ReferenceModel reference;

    @BeforeAll
    static void openReference() throws Exception {
        reference = new ReferenceModel(TestModels.paddleClassifier());
    }

    @AfterAll
    static void closeReference() throws Exception {
        reference.close();
    }

    @BeforeEach
    void ready() {
        awaitReady();
    }

    /** Sends one image as binary data and returns the two class scores. */
    static float[] classify(float[] image) {
        String header = "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,48,192],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + image.length * 4 + "}}],"
                + "\"outputs\":[{\"name\":\"" + OUTPUT + "\",\"parameters\":{\"binary_data\":true}}]}";
        Response response = postBinary(MODEL, header, littleEndianFloats(image));
        response.then().statusCode(200);
        int headerLength = Integer.parseInt(response.header("Inference-Header-Content-Length"));
        ByteBuffer data = ByteBuffer.wrap(response.asByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        return new float[]{data.getFloat(headerLength), data.getFloat(headerLength + 4)};
    }

    @Test
    void metadataReportsTheRealSignature() {
        given().get("/v2/models/" + MODEL).then().statusCode(200)
                .body("inputs[0].name", equalTo("x")).body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", equalTo(List.of(-1, 3, -1, -1)))
                .body("outputs[0].name", equalTo(OUTPUT)).body("outputs[0].shape", equalTo(List.of(-1, 2)));
    }

    @Test
    void classifiesUprightAndUpsideDownTextAndMatchesInProcessRun() throws Exception {
        float[] upright = TextImages.preprocess(TextImages.render("Kiln serves models 2024", false));
        float[] flipped = TextImages.preprocess(TextImages.render("Kiln serves models 2024", true));
        float[] uprightScores = classify(upright);
        float[] flippedScores = classify(flipped);
        assertThat(uprightScores[0]).as("upright text, class 0 score").isGreaterThan(0.5f);
        assertThat(flippedScores[1]).as("upside-down text, class 1 score").isGreaterThan(0.5f);
        assertThat(uprightScores).containsExactly(reference.run(upright, 1, 3, 48, 192));
        assertThat(flippedScores).containsExactly(reference.run(flipped, 1, 3, 48, 192));
    }

    /** Reading a 110 KB image on a worker thread woke it once per network chunk and cost more than the model run. */
    @Test
    void imageBodiesAreReadOnTheEventLoop() {
        BodyReadThreads.clear();
        classify(TextImages.preprocess(TextImages.render("read me on the event loop", false)));
        assertThat(BodyReadThreads.recorded()).as("threads that read the infer body").singleElement()
                .asString().startsWith("vert.x-eventloop-thread-");
    }

    @Test
    void batchedAnswersEqualUnbatchedOnes() throws Exception {
        String labels = "model=\"" + MODEL + "\"";
        double runsBefore = ServerTestSupport.metric(Metrics.BATCH_SIZE + "_count", labels);
        List<float[]> images = new ArrayList<>();
        String[] lines = {"orientation", "Hello, world", "0123456789", "Canary rollout", "kiln", "ONNX Runtime"};
        for (int i = 0; i < lines.length; i++) {
            images.add(TextImages.preprocess(TextImages.render(lines[i], i % 2 == 1)));
        }
        List<CompletableFuture<float[]>> answers = images.stream()
                .map(image -> CompletableFuture.supplyAsync(() -> classify(image))).toList();
        for (int i = 0; i < images.size(); i++) {
            float[] alone = reference.run(images.get(i), 1, 3, 48, 192);
            assertThat(ClassifierServerTest.floatBits(answers.get(i).join())).as(lines[i])
                    .containsExactly(ClassifierServerTest.floatBits(alone));
        }
        assertThat(ServerTestSupport.metric(Metrics.BATCH_SIZE + "_count", labels) - runsBefore)
                .as("model runs for %d concurrent requests", images.size()).isLessThan(images.size());
    }
}
