package farine.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP/1.1 load generator of the kind wrk is: one thread, one {@link Selector}, {@code connections} keep-alive
 * connections each with one request in flight; a connection's next request is written as soon as its answer has been
 * read. No pipelining (one request per connection at a time, as 64 callers waiting for their answers) and no thread
 * per caller: the answers of several connections are taken in one {@code epoll_wait}, and no thread is woken per
 * answer, so the generator's own cost per call stays small beside the server's (docs/bench.md, "Gateway").
 */
final class HttpLoad {

    private HttpLoad() {
    }

    /** Answers per second over {@code phase}, each a 200 with a Content-Length body, from {@code connections} connections. */
    static double run(URI base, byte[] request, int connections, Duration phase) throws IOException {
        try (Selector selector = Selector.open()) {
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    SocketChannel channel = SocketChannel.open(new InetSocketAddress(base.getHost(), base.getPort()));
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.configureBlocking(false);
                    Connection c = new Connection(channel);
                    open.add(c);
                    channel.register(selector, SelectionKey.OP_READ, c);
                }
                long start = System.nanoTime();
                long end = start + phase.toNanos();
                for (Connection c : open) {
                    c.send(request);
                }
                long done = 0;
                int waiting = connections;
                long giveUp = end + Duration.ofSeconds(10).toNanos();
                while (waiting > 0) {
                    if (System.nanoTime() - giveUp > 0) {
                        throw new IOException(waiting + " of " + connections + " connections still wait for an answer 10 s after the phase");
                    }
                    selector.select(1000);
                    for (SelectionKey key : selector.selectedKeys()) {
                        Connection c = (Connection) key.attachment();
                        if (c.receive()) {
                            done++;
                            if (System.nanoTime() < end) {
                                c.send(request);
                            } else {
                                waiting--;
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                }
                return done / ((System.nanoTime() - start) / 1e9);
            } finally {
                for (Connection c : open) {
                    c.channel.close();
                }
            }
        }
    }

    /** One connection: the answer read so far. */
    private static final class Connection {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(4096);

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void send(byte[] request) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out); // a request of a hundred bytes fits the socket's buffer: this loops only in theory
            }
        }

        /** Reads what is there; whether a whole answer has arrived (the buffer is then empty again). */
        boolean receive() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the gateway closed a connection in the middle of a phase");
            }
            byte[] b = in.array();
            int n = in.position();
            int head = headEnd(b, n);
            if (head < 0) {
                return false;
            }
            if (n < 12 || b[9] != '2' || b[10] != '0' || b[11] != '0') {
                throw new IOException("gateway answered " + new String(b, 0, head, StandardCharsets.US_ASCII));
            }
            int length = contentLength(b, head);
            if (n < head + length) {
                return false;
            }
            if (n > head + length) {
                throw new IOException("the gateway sent more than one answer");
            }
            in.clear();
            return true;
        }

        private static int headEnd(byte[] b, int n) {
            for (int i = 3; i < n; i++) {
                if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private static final byte[] NAME = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

        private static int contentLength(byte[] b, int head) throws IOException {
            outer:
            for (int i = 0; i + NAME.length < head; i++) {
                for (int j = 0; j < NAME.length; j++) {
                    if (Character.toLowerCase(b[i + j]) != NAME[j]) {
                        continue outer;
                    }
                }
                int at = i + NAME.length;
                while (b[at] == ' ') {
                    at++;
                }
                int length = 0;
                while (b[at] >= '0' && b[at] <= '9') {
                    length = length * 10 + (b[at++] - '0');
                }
                return length;
            }
            throw new IOException("no Content-Length in " + new String(b, 0, head, StandardCharsets.US_ASCII));
        }
    }
}
