package dev.kiln.sandbox.workload;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PodNetworkTest {

    @Test
    void twoSandboxesOnOneMachineGetDifferentBlocksAndAClosedBlockIsFreeAgain() throws Exception {
        try (PodNetwork first = PodNetwork.claim(); PodNetwork second = PodNetwork.claim()) {
            assertThat(second.block()).isNotEqualTo(first.block());
            int released = first.block();
            first.close();
            try (PodNetwork third = PodNetwork.claim()) {
                assertThat(third.block()).isLessThanOrEqualTo(released);
            }
        }
    }

    @Test
    void aBlockHeldByAnotherProcessIsSkipped() throws Exception {
        // given whichever block is free next, held the way another sandbox holds it
        int next;
        try (PodNetwork probe = PodNetwork.claim()) {
            next = probe.block();
        }
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127." + next + ".255.254", PodNetwork.CLAIM_PORT));
            try (PodNetwork mine = PodNetwork.claim()) {
                assertThat(mine.block()).isNotEqualTo(next);
            }
        }
    }

    @Test
    void addressesAreTheLowestFreeInTheBlockSkippingNetworkAddresses() {
        assertThat(PodNetwork.freeIp(7, Set.of())).isEqualTo("127.7.0.1");
        assertThat(PodNetwork.freeIp(7, Set.of("127.7.0.1", "127.7.0.3"))).isEqualTo("127.7.0.2");
        Set<String> firstRow = new java.util.HashSet<>();
        for (int i = 1; i < 256; i++) {
            firstRow.add("127.7.0." + i);
        }
        assertThat(PodNetwork.freeIp(7, firstRow)).isEqualTo("127.7.1.1");
    }
}
