package dev.kiln.runtime.serve.http;

import dev.kiln.runtime.serve.protocol.ProtocolException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.CompletionException;

/** Error responses in the protocol's form, {@code {"error": "..."}}. */
final class ErrorBody {

    private ErrorBody() {
    }

    static Response of(int status, String message) {
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message));
        if (status == 503) {
            builder.header("Retry-After", "1");
        }
        return builder.build();
    }

    static Response of(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ProtocolException protocol) {
            return of(protocol.status(), protocol.getMessage());
        }
        return of(500, "internal error: " + cause);
    }
}
