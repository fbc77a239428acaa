package dev.kiln.runtime.serve.protocol;

/** A request the server answers with an Open Inference Protocol error: {@code {"error": message}} and a status. */
public class ProtocolException extends RuntimeException {

    private final int status;

    public ProtocolException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ProtocolException badRequest(String message) {
        return new ProtocolException(400, message);
    }

    public static ProtocolException notFound(String message) {
        return new ProtocolException(404, message);
    }

    public static ProtocolException tooLarge(String message) {
        return new ProtocolException(413, message);
    }

    public static ProtocolException unavailable(String message) {
        return new ProtocolException(503, message);
    }

    public static ProtocolException internal(String message) {
        return new ProtocolException(500, message);
    }

    public int status() {
        return status;
    }
}
