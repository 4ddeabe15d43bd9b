package farine.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay from a local port to the test broker that a test can cut and resume, so that a
 * farine connection sees the broker vanish and come back without anyone touching the shared broker.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile int port;
    // open while the broker's bytes flow to the clients; holdReplies() swaps in a closed one
    private volatile CountDownLatch replies = new CountDownLatch(0);

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A relay to the broker, listening on a free port. */
    static TcpProxy toBroker() throws IOException {
        TcpProxy proxy = new TcpProxy("127.0.0.1", 5672);
        proxy.listen(0);
        return proxy;
    }

    /** A port nothing listens on (until {@link #resume()}): a broker that is down. */
    static TcpProxy down() throws IOException {
        TcpProxy proxy = toBroker();
        proxy.cut();
        return proxy;
    }

    int port() {
        return port;
    }

    /** The test vhost's URI through this relay. */
    String uri(Rabbit rabbit) {
        return rabbit.uri().replace("127.0.0.1:5672", "127.0.0.1:" + port);
    }

    /** Refuses new connections and drops the open ones, as a dead network would. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Drops the open connections but keeps accepting: a network blip the clients recover from at once. */
    void drop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /**
     * Keeps what the broker sends (confirms, deliveries) from reaching the clients until {@link #releaseReplies()},
     * while what the clients send still reaches the broker: a broker that is slow to confirm.
     */
    void holdReplies() {
        replies = new CountDownLatch(1);
    }

    void releaseReplies() {
        replies.countDown();
    }

    /** Accepts again, on the same port. */
    synchronized void resume() throws IOException {
        listen(port);
    }

    private void listen(int wanted) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted));
        server = s;
        port = s.getLocalPort();
        Thread.ofVirtual().name("proxy-accept-" + port).start(() -> accept(s));
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket broker = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(broker);
                Thread.ofVirtual().start(() -> pump(client, broker, false));
                Thread.ofVirtual().start(() -> pump(broker, client, true));
            } catch (IOException e) {
                return; // closed by cut()
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromBroker) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (fromBroker) {
                    replies.await();
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: drop both
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
