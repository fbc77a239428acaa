package dev.kiln.runtime.serve;

import dev.kiln.contract.RuntimeContract.Metrics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.kiln.runtime.serve.ServerTestSupport.awaitReady;
import static dev.kiln.runtime.serve.ServerTestSupport.metric;
import static dev.kiln.runtime.serve.ServerTestSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;

/** Shadow comparison: every request is mirrored to a second server and the answers are compared and counted. */
@QuarkusTest
@TestProfile(ShadowServerTest.Profile.class)
class ShadowServerTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kiln.serve.model", TestModels.classifier("shadow-primary.onnx", 1).toString(),
                    "kiln.serve.name", "tiny",
                    "kiln.serve.max-batch", "1",
                    "kiln.serve.shadow.fraction", "1.0",
                    "kiln.serve.shadow.max-in-flight", "2",
                    "kiln.serve.shadow.timeout", "5s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CanaryServer.class));
        }
    }

    static final String REQUEST = "{\"inputs\":[{\"name\":\"input\",\"shape\":[2,4],\"datatype\":\"FP32\","
            + "\"data\":[[1,0.5,-2,3],[0,4,1,-1]]}]}";

    @BeforeEach
    void ready() {
        awaitReady();
        CanaryServer.mode = CanaryServer.Mode.FAITHFUL;
    }

    @AfterEach
    void unblock() {
        CanaryServer.release.countDown();
    }

    static double shadow(String result) {
        return metric(Metrics.SHADOW_COMPARISONS, "model=\"tiny\"", "result=\"" + result + "\"");
    }

    /** Waits until a counter reaches a value; mirrors are asynchronous. */
    static void awaitCount(String result, double expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (shadow(result) < expected && System.nanoTime() < deadline) {
            ServerTestSupport.sleep(20);
        }
        assertThat(shadow(result)).as("shadow result %s", result).isEqualTo(expected);
    }

    @Test
    void faithfulCanaryAgrees() {
        double before = shadow("agree");
        // One at a time: with at most two mirrors in flight, a quick third request could be skipped.
        for (int i = 1; i <= 3; i++) {
            postJson("tiny", REQUEST).then().statusCode(200);
            awaitCount("agree", before + i);
        }
    }

    @Test
    void canaryWithSwappedClassesDisagrees() {
        CanaryServer.mode = CanaryServer.Mode.SWAPPED_CLASSES;
        double before = shadow("disagree");
        postJson("tiny", REQUEST).then().statusCode(200);
        awaitCount("disagree", before + 1);
    }

    @Test
    void failingCanaryCountsErrorsAndNeverFailsThePrimary() {
        CanaryServer.mode = CanaryServer.Mode.FAILING;
        double before = shadow("error");
        postJson("tiny", REQUEST).then().statusCode(200);
        awaitCount("error", before + 1);
        postJson("tiny", REQUEST).then().statusCode(200);
        awaitCount("error", before + 2);
    }

    @Test
    void blockedCanaryNeitherDelaysThePrimaryNorQueuesUnboundedly() {
        CanaryServer.release = new CountDownLatch(1);
        CanaryServer.mode = CanaryServer.Mode.BLOCKED;
        double agreeBefore = shadow("agree");
        double skippedBefore = shadow("skipped");
        // The canary holds every mirrored request; the primary answers anyway, and beyond two in flight mirrors are
        // skipped rather than queued.
        for (int i = 0; i < 5; i++) {
            postJson("tiny", REQUEST).then().statusCode(200);
        }
        assertThat(shadow("skipped") - skippedBefore).isEqualTo(3);
        CanaryServer.mode = CanaryServer.Mode.FAITHFUL;
        CanaryServer.release.countDown();
        awaitCount("agree", agreeBefore + 2);
    }
}
