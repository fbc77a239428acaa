package dev.kiln.runtime.serve.http;

import dev.kiln.runtime.serve.protocol.ProtocolException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns refusals thrown on the request path into protocol error responses. */
public class ProtocolExceptionMapper {

    @ServerExceptionMapper
    public Response map(ProtocolException e) {
        return ErrorBody.of(e.status(), e.getMessage());
    }
}
