package farine.reliability;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for private servers, below Linux's ephemeral range (32768-60999): a port in that
 * range can be taken at any moment as the source port of someone's outgoing connection, and a server
 * restarted on it then fails with "address already in use".
 */
final class Ports {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    private Ports() {
    }

    static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (port == 25_672) {
                continue; // the shared broker's Erlang distribution port
            }
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another one
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH + " after 200 attempts");
    }
}
