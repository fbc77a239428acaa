package dev.kiln.runtime.serve;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Shared helpers for the server tests: waiting for readiness, posting requests, reading metrics. */
public final class ServerTestSupport {

    private ServerTestSupport() {
    }

    /** The model loads on a background thread; tests start once it reports ready. */
    public static void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (given().get("/v2/health/ready").statusCode() == 200) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("server did not become ready within 60 s");
    }

    public static Response postJson(String model, String body) {
        return given().contentType("application/json").body(body).post("/v2/models/" + model + "/infer");
    }

    /** Posts a binary-extension request: the JSON header followed by raw bytes. */
    public static Response postBinary(String model, String header, byte[]... data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        body.writeBytes(json);
        for (byte[] part : data) {
            body.writeBytes(part);
        }
        return given().contentType("application/octet-stream")
                .header("Inference-Header-Content-Length", json.length)
                .body(body.toByteArray()).post("/v2/models/" + model + "/infer");
    }

    public static byte[] littleEndianFloats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    /** The value of one Prometheus sample whose line contains all the given fragments; 0 if absent. */
    public static double metric(String name, String... labelFragments) {
        String scrape = RestAssured.get("/q/metrics").asString();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String fragment : labelFragments) {
                all &= line.contains(fragment);
            }
            if (all) {
                Matcher value = Pattern.compile("} ([^ ]+)").matcher(line);
                if (value.find()) {
                    return Double.parseDouble(value.group(1));
                }
            }
        }
        return 0;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
