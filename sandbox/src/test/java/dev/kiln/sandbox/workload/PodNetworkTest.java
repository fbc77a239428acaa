package dev.kiln.sandbox.workload;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PodNetworkTest {

    @Test
    void theLowestFreeAddressOfTheNetworkSkippingNetworkAddresses() {
        assertThat(SimulatedKubelet.freeIp(Set.of(), 42)).isEqualTo("127.42.0.1");
        assertThat(SimulatedKubelet.freeIp(Set.of("127.42.0.1", "127.42.0.3"), 42)).isEqualTo("127.42.0.2");
        Set<String> firstBlockUsed = new java.util.HashSet<>();
        for (int i = 1; i < 256; i++) {
            firstBlockUsed.add("127.42.0." + i);
        }
        assertThat(SimulatedKubelet.freeIp(firstBlockUsed, 42)).isEqualTo("127.42.1.1");
    }

    @Test
    void eachJvmPicksItsOwnNetworkAwayFrom127Dot0AndDot1() {
        // 127.0.0.0/16 holds the API server and gateway, 127.1 is what older sandboxes used.
        assertThat(SimulatedKubelet.POD_NETWORK).isBetween(2, 254);
        assertThat(SimulatedKubelet.freeIp(Set.of())).startsWith("127." + SimulatedKubelet.POD_NETWORK + ".");
    }
}
