package dev.kiln.sandbox.gateway;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackendPickerTest {

    private static final Route.Endpoint STABLE = new Route.Endpoint("ns", "stable", "127.1.0.1", 8080);
    private static final Route.Endpoint CANARY = new Route.Endpoint("ns", "canary", "127.1.0.2", 8080);

    @Test
    void weightsSplitTheRequests() {
        List<Route.Pool> pools = List.of(new Route.Pool("ns/stable", 90, List.of(STABLE)),
                new Route.Pool("ns/canary", 10, List.of(CANARY)));
        Random random = new Random(42);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(BackendPicker.pick(pools, random, new String[1]).orElseThrow().pod(), 1, Integer::sum);
        }
        assertThat(counts.get("canary")).isBetween(850, 1150);
    }

    @Test
    void aPickedPoolWithoutEndpointsIsNamed() {
        List<Route.Pool> pools = List.of(new Route.Pool("ns/stable", 0, List.of(STABLE)),
                new Route.Pool("ns/canary", 100, List.of()));
        String[] empty = new String[1];
        assertThat(BackendPicker.pick(pools, new Random(1), empty)).isEmpty();
        assertThat(empty[0]).isEqualTo("ns/canary");
    }

    @Test
    void replicaRatioIsUniformOverEndpoints() {
        List<Route.Pool> pools = List.of(new Route.Pool("ns/svc", 1, List.of(STABLE, STABLE, STABLE, CANARY)));
        Random random = new Random(7);
        int canary = 0;
        for (int i = 0; i < 8_000; i++) {
            canary += BackendPicker.pick(pools, random, new String[1]).orElseThrow().pod().equals("canary") ? 1 : 0;
        }
        assertThat(canary).isBetween(1800, 2200);
    }
}
