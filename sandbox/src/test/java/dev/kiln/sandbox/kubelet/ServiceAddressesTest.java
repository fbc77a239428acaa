package dev.kiln.sandbox.kubelet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceAddressesTest {

    private static final String GATEWAY = "http://127.0.0.1:7000";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"url\":\"http://m-canary.team-a.svc:8080\"}                 | {\"url\":\"http://127.0.0.1:7000/services/team-a/m-canary:8080\"}",
            "http://m-canary.team-a.svc.cluster.local:9000/x               | http://127.0.0.1:7000/services/team-a/m-canary:9000/x",
            "http://m.team-a.svc                                           | http://127.0.0.1:7000/services/team-a/m:80",
            // Not a Service DNS name: left alone.
            "http://m.team-a.svc.example.com:8080                           | http://m.team-a.svc.example.com:8080",
            "http://10.0.0.1:8080                                           | http://10.0.0.1:8080",
            "https://m.team-a.svc:8443                                      | https://m.team-a.svc:8443",
    })
    void serviceUrlsGoThroughTheGateway(String text, String expected) {
        assertThat(ServiceAddresses.rewrite(text, GATEWAY)).isEqualTo(expected);
    }

    @Test
    void leavesTextAloneUntilTheGatewayIsKnown() {
        ServiceAddresses addresses = new ServiceAddresses();
        String text = "{\"url\":\"http://m-canary.team-a.svc:8080\"}";
        assertThat(addresses.rewrite(text)).isEqualTo(text);
        addresses.routeThrough(GATEWAY + "/");
        assertThat(addresses.rewrite(text)).isEqualTo("{\"url\":\"http://127.0.0.1:7000/services/team-a/m-canary:8080\"}");
    }
}
