package dev.kiln.sandbox.apiserver;

/** What the API server answers: an HTTP status and a JSON body (possibly empty). */
public record ApiResponse(int code, String body) {

    public boolean ok() {
        return code >= 200 && code < 300;
    }
}
