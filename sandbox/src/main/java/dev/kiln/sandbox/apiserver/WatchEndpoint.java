package dev.kiln.sandbox.apiserver;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches: registers each with the mock storage's event fan-out and streams its events to the
 * client, as lines of a chunked HTTP response (kubectl) or web socket frames (the fabric8 client).
 */
final class WatchEndpoint {

    private static final System.Logger LOG = System.getLogger(WatchEndpoint.class.getName());

    private final Vertx vertx;
    private final KubernetesCrudDispatcher store;
    private final Clock clock;
    private final Set<Runnable> openWatches = ConcurrentHashMap.newKeySet();

    WatchEndpoint(Vertx vertx, KubernetesCrudDispatcher store, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
    }

    /** Ends every open watch, as a stopping API server does. */
    void closeAll() {
        new ArrayList<>(openWatches).forEach(Runnable::run);
    }

    void open(HttpServerRequest request, ResourcePath path, ResourceType type) {
        MockResponse registration = store.handleWatch(path.storagePath());
        WebSocketListener listener = registration.getWebSocketListener();
        long since = parseLong(path.query().get("resourceVersion"));
        String accept = request.getHeader("Accept");
        boolean includeObject = "Object".equals(path.query().get("includeObject"));
        WatchStream.ObjectView view = accept != null && accept.contains("as=Table")
                ? (object, first) -> TableBuilder.table(type.columns(), List.of(object),
                object.path("metadata").path("resourceVersion").asText(), clock.instant(), includeObject, first)
                : (object, first) -> object;
        RecordedRequest recorded = new RecordedRequest("HTTP/1.1", HttpMethod.GET, request.uri(),
                Headers.builder().build(), new Buffer());
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            request.toWebSocket()
                    .onSuccess(socket -> openWebSocketWatch(socket, recorded, since, view, listener, registration))
                    .onFailure(e -> {
                        LOG.log(System.Logger.Level.WARNING, "web socket watch " + request.uri() + " failed: " + e);
                        listener.onClosed(null, 1011, "upgrade failed");
                    });
            return;
        }
        HttpServerResponse response = request.response();
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json");
        response.writeHead();
        WatchStream stream = new WatchStream(recorded, since, view, new WatchStream.Output() {
            @Override
            public void write(String line) {
                if (!response.ended() && !response.closed()) {
                    response.write(line);
                }
            }

            @Override
            public void end() {
                try {
                    if (!response.ended() && !response.closed()) {
                        response.end();
                    }
                } catch (IllegalStateException alreadyGone) {
                    // the client hung up first
                }
            }
        });
        Runnable closer = closer(listener, stream);
        response.closeHandler(v -> closer.run());
        scheduleTimeout(path, closer);
        listener.onOpen(stream, registration);
    }

    private void openWebSocketWatch(ServerWebSocket socket, RecordedRequest recorded, long since,
                                    WatchStream.ObjectView view, WebSocketListener listener, MockResponse registration) {
        WatchStream stream = new WatchStream(recorded, since, view, new WatchStream.Output() {
            @Override
            public void write(String line) {
                if (!socket.isClosed()) {
                    socket.writeTextMessage(line.strip());
                }
            }

            @Override
            public void end() {
                if (!socket.isClosed()) {
                    socket.close();
                }
            }
        });
        Runnable closer = closer(listener, stream);
        socket.closeHandler(v -> closer.run());
        listener.onOpen(stream, registration);
    }

    private Runnable closer(WebSocketListener listener, WatchStream stream) {
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (openWatches.remove(self[0])) {
                stream.close(1000, "watch closed");
                // Stops the storage's per-watch event thread; it may wait for queued events, so not on the event loop.
                vertx.executeBlocking(() -> {
                    listener.onClosed(stream, 1000, "watch closed");
                    return null;
                });
            }
        };
        openWatches.add(self[0]);
        return self[0];
    }

    private void scheduleTimeout(ResourcePath path, Runnable closer) {
        long timeoutSeconds = parseLong(path.query().get("timeoutSeconds"));
        if (timeoutSeconds > 0) {
            vertx.setTimer(TimeUnit.SECONDS.toMillis(timeoutSeconds), id -> closer.run());
        }
    }

    private static long parseLong(String value) {
        try {
            return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
