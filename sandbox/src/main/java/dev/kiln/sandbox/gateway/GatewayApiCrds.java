package dev.kiln.sandbox.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kiln.sandbox.apiserver.ApiResponse;
import dev.kiln.sandbox.apiserver.SandboxApiServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The Gateway API kinds the sandbox serves: HTTPRoute only, installed with the cluster so the operator, which
 * looks for the kind when it starts, can use gatewayAPI traffic.
 */
public final class GatewayApiCrds {

    static final String HTTP_ROUTE_CRD = "httproute-crd.yaml";

    private GatewayApiCrds() {
    }

    public static JsonNode httpRoute() {
        try (InputStream in = GatewayApiCrds.class.getResourceAsStream(HTTP_ROUTE_CRD)) {
            if (in == null) {
                throw new IllegalStateException(HTTP_ROUTE_CRD + " is missing from the sandbox's resources");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HTTP_ROUTE_CRD, e);
        }
    }

    public static void install(SandboxApiServer api) {
        ApiResponse response = api.apply(httpRoute());
        if (!response.ok()) {
            throw new IllegalStateException("cannot install the HTTPRoute CRD: HTTP " + response.code() + " "
                    + response.body());
        }
    }
}
