package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code v1 Status} bodies for failed requests, with the reason clients branch on (NotFound,
 * AlreadyExists, Conflict, Invalid): kubectl and client libraries read the reason, not only the code.
 */
public final class Statuses {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Statuses() {
    }

    public static ObjectNode failure(int code, String reason, String message) {
        ObjectNode status = JSON.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return status;
    }

    public static ObjectNode notFound(ResourcePath path) {
        String what = path.group() == null || path.group().isEmpty() ? path.resource() : path.resource() + "." + path.group();
        ObjectNode status = failure(404, "NotFound", path.name() == null
                ? "the server could not find the requested resource"
                : what + " \"" + path.name() + "\" not found");
        if (path.name() != null) {
            ObjectNode details = status.putObject("details");
            details.put("name", path.name());
            details.put("group", path.group());
            details.put("kind", path.resource());
        }
        return status;
    }

    /** The reason a client should see for a storage failure the mock reported with a code only. */
    public static String reasonFor(int code, String method) {
        return switch (code) {
            case 404 -> "NotFound";
            case 409 -> "POST".equals(method) ? "AlreadyExists" : "Conflict";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 400 -> "BadRequest";
            default -> "InternalError";
        };
    }

    /** A failure body with the right reason, keeping the storage's message when it gave one. */
    public static ObjectNode normalize(int code, String method, JsonNode storageBody, ResourcePath path) {
        if (code == 404) {
            return notFound(path);
        }
        String message = storageBody != null && storageBody.hasNonNull("message")
                ? storageBody.get("message").asText()
                : "request failed with HTTP " + code;
        ObjectNode status = failure(code, reasonFor(code, method), message);
        if (storageBody != null && storageBody.has("details")) {
            status.set("details", storageBody.get("details"));
        }
        return status;
    }
}
