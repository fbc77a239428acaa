package dev.kiln.runtime.serve.http;

import dev.kiln.runtime.serve.ServeConfig;
import dev.kiln.runtime.serve.metrics.ServeMetrics;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.regex.Pattern;

/**
 * Wraps every infer request before the REST layer sees it: counts it by outcome and times it from arrival to the
 * last byte of the response, and refuses a declared body over the limit with 413 before reading it.
 */
@ApplicationScoped
public class InferenceRouteFilter {

    private static final Pattern INFER_PATH = Pattern.compile("/v2/models/[^/]+/infer");

    @Inject
    ServeMetrics metrics;

    @Inject
    ServeConfig config;

    void register(@Observes Router router) {
        router.route().order(-100).handler(ctx -> {
            if (ctx.request().method() != HttpMethod.POST || !INFER_PATH.matcher(ctx.normalizedPath()).matches()) {
                ctx.next();
                return;
            }
            long start = System.nanoTime();
            ctx.addEndHandler(ignored -> metrics.request(ctx.response().getStatusCode(), System.nanoTime() - start));
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && isOver(length, config.maxRequestBytes())) {
                ctx.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end("{\"error\":\"request body of " + length + " bytes is over the limit of "
                                + config.maxRequestBytes() + " bytes (kiln.serve.max-request-bytes); "
                                + "send fewer rows per request\"}");
                return;
            }
            ctx.next();
        });
    }

    private static boolean isOver(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
