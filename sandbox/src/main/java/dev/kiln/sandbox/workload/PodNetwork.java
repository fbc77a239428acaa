package dev.kiln.sandbox.workload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;

/**
 * The loopback block a sandbox gives its pods their IPs from: {@code 127.<block>.x.y}. Several sandboxes on one
 * machine (a developer's {@code up} beside a test run, parallel CI jobs) must not hand out the same pod IP: two
 * runtime processes would then race for the same address and port, and one fails with "Address already in use".
 * A sandbox claims its block by listening on the block's last address ({@code 127.<block>.255.254}) at
 * {@link #CLAIM_PORT}; the claim goes away with the socket, also when the process dies.
 */
public final class PodNetwork implements AutoCloseable {

    /** Where a block's claim listens, on the block's address 127.&lt;block&gt;.255.254. */
    static final int CLAIM_PORT = 47_613;
    /** The block tests use when no claim is needed (pure planning). */
    public static final int DEFAULT_BLOCK = 1;

    private final int block;
    private final ServerSocket claim;

    private PodNetwork(int block, ServerSocket claim) {
        this.block = block;
        this.claim = claim;
    }

    /** Claims the first block, from 127.1 on, that no other live sandbox on this machine holds. */
    public static PodNetwork claim() {
        for (int block = DEFAULT_BLOCK; block < 255; block++) {
            ServerSocket socket = null;
            try {
                socket = new ServerSocket();
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName("127." + block + ".255.254"), CLAIM_PORT), 1);
                return new PodNetwork(block, socket);
            } catch (IOException taken) {
                closeQuietly(socket);
            }
        }
        throw new IllegalStateException("every pod address block 127.1-254.0.0/16 is held by another sandbox on this "
                + "machine (a listener on 127.<n>.255.254:" + CLAIM_PORT + " each); stop one of them");
    }

    public int block() {
        return block;
    }

    /** The lowest address of block {@code block} that is not in {@code used} (x.0 and the 255.x claim row skipped). */
    static String freeIp(int block, Set<String> used) {
        for (int i = 1; i < 255 * 256; i++) {
            String ip = "127." + block + "." + (i / 256) + "." + (i % 256);
            if (i % 256 != 0 && !used.contains(ip)) {
                return ip;
            }
        }
        throw new IllegalStateException("no free pod IP left in 127." + block + ".0.0/16");
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(claim);
    }
}
