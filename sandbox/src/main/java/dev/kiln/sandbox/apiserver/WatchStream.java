package dev.kiln.sandbox.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;

import java.nio.charset.StandardCharsets;

/**
 * One client's watch. The mock storage publishes watch events to a web socket; this adapter takes
 * that socket's place and forwards each event either as a line of a streamed HTTP response (what
 * kubectl reads) or as a web socket frame, after two corrections: ADDED events for objects the
 * client has already listed (resourceVersion at or below the one it asked to watch from) are
 * dropped, and objects can be rendered as tables for {@code kubectl get -w}.
 */
final class WatchStream implements WebSocket {

    /** Where event lines go. */
    interface Output {
        void write(String line);

        void end();
    }

    /** How an event's object is shown to this client. */
    interface ObjectView {
        JsonNode render(JsonNode object, boolean firstEvent);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RecordedRequest request;
    private final long sinceResourceVersion;
    private final ObjectView view;
    private final Output output;
    private volatile boolean closed;
    private boolean firstEvent = true;

    WatchStream(RecordedRequest request, long sinceResourceVersion, ObjectView view, Output output) {
        this.request = request;
        this.sinceResourceVersion = sinceResourceVersion;
        this.view = view;
        this.output = output;
    }

    @Override
    public RecordedRequest request() {
        return request;
    }

    @Override
    public synchronized boolean send(String text) {
        if (closed) {
            return false;
        }
        JsonNode event;
        try {
            event = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return false;
        }
        JsonNode object = event.path("object");
        if ("ADDED".equals(event.path("type").asText())
                && object.path("metadata").path("resourceVersion").asLong(Long.MAX_VALUE) <= sinceResourceVersion) {
            return true;
        }
        ObjectNode shown = ((ObjectNode) event).deepCopy();
        shown.set("object", view.render(object, firstEvent));
        firstEvent = false;
        output.write(shown + "\n");
        return true;
    }

    @Override
    public boolean send(byte[] bytes) {
        return send(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized boolean close(int code, String reason) {
        if (closed) {
            return false;
        }
        closed = true;
        output.end();
        return true;
    }

    boolean isClosed() {
        return closed;
    }
}
