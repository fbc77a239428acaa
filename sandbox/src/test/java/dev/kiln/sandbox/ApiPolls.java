package dev.kiln.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls the sandbox API server until an object satisfies a condition: how tests wait for controllers. */
public final class ApiPolls {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiPolls() {
    }

    public static JsonNode await(SandboxApiServer api, String path, Predicate<JsonNode> condition, Duration timeout)
            throws Exception {
        return await(api, path, condition, timeout, () -> "");
    }

    /** As above; the failure message ends with {@code context}, e.g. the pods' states and a log's tail. */
    public static JsonNode await(SandboxApiServer api, String path, Predicate<JsonNode> condition, Duration timeout,
                                 Supplier<String> context) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            ApiResponse response = api.call("GET", path, null, null);
            if (response.ok()) {
                last = JSON.readTree(response.body());
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + path + "\nlast seen: " + last
                + context.get());
    }
}
