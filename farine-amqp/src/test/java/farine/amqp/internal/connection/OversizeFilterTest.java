package farine.amqp.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.WriteListener;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.AMQImpl;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import farine.amqp.spi.WriteBatch;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OversizeFilterTest {

    @Test
    void aBodyOverTheLimitArrivesEmptyWithItsSizeAndItsFramesAreDropped() throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().correlationId("c1").headers(Map.of("a", 1)).build();
        Frames socket = new Frames(
                props.toFrame(1, 10),
                new Frame(AMQP.FRAME_BODY, 1, new byte[6]),
                new Frame(AMQP.FRAME_HEARTBEAT, 0, new byte[0]),
                new Frame(AMQP.FRAME_BODY, 1, new byte[4]),
                props.toFrame(1, 3),
                new Frame(AMQP.FRAME_BODY, 1, new byte[3]));
        OversizeFilter filter = new OversizeFilter(socket, 5);

        Frame header = filter.readFrame();
        AMQP.BasicProperties seen = (AMQP.BasicProperties) AMQImpl.readContentHeaderFrom(header.getInputStream());
        assertThat(seen.getBodySize()).isZero();
        assertThat(seen.getCorrelationId()).isEqualTo("c1");
        assertThat(seen.getHeaders()).containsEntry("a", 1).containsEntry(OversizeFilter.ORIGINAL_SIZE, 10L);
        assertThat(OversizeFilter.size(seen, new byte[0])).isEqualTo(10);

        List<Integer> next = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            next.add(filter.readFrame().getType());
        }
        // the heartbeat between the dropped body's frames passes, the small message after them is untouched
        assertThat(next).containsExactly(AMQP.FRAME_HEARTBEAT, AMQP.FRAME_HEADER, AMQP.FRAME_BODY);
        assertThat(socket.left()).isZero();
    }

    @Test
    void aBodyAtTheLimitAndAPublishersEmptyBodyKeepTheirOwnSize() throws IOException {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().build();
        Frame header = props.toFrame(2, 5);
        Frame read = new OversizeFilter(new Frames(header), 5).readFrame();
        assertThat(read.getPayload()).isEqualTo(header.getPayload());
        assertThat(OversizeFilter.size(props, new byte[5])).isEqualTo(5);
        AMQP.BasicProperties forged = new AMQP.BasicProperties.Builder().headers(Map.of(OversizeFilter.ORIGINAL_SIZE, 7L)).build();
        assertThat(OversizeFilter.size(forged, new byte[2])).as("the header counts only for an empty body").isEqualTo(2);
    }

    @Test
    void aWriteBatchFlushesEachConnectionOnceAtItsCloseInTheOrderFirstWritten() throws Exception {
        List<String> flushed = new ArrayList<>();
        Frames a = new Frames() {
            @Override
            public void flush(WriteListener listener) {
                flushed.add("a");
            }
        };
        Frames b = new Frames() {
            @Override
            public void flush(WriteListener listener) {
                flushed.add("b");
            }
        };
        OversizeFilter first = new OversizeFilter(a, 5);
        OversizeFilter second = new OversizeFilter(b, 5);
        first.flush(null);
        assertThat(flushed).as("outside a batch a flush is a flush").containsExactly("a");
        flushed.clear();
        try (WriteBatch outer = WriteBatch.open()) {
            second.flush(null);
            first.flush(null);
            try (WriteBatch inner = WriteBatch.open()) {
                second.flush(null);
                first.flush(null);
            }
            assertThat(flushed).as("an inner close flushes nothing").isEmpty();
            // another thread's flush is its own, batch or not
            Thread other = Thread.ofPlatform().start(() -> {
                try {
                    first.flush(null);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            other.join();
            assertThat(flushed).containsExactly("a");
            flushed.clear();
        }
        assertThat(flushed).containsExactly("b", "a");
        flushed.clear();
        first.flush(null);
        assertThat(flushed).as("the batch is closed").containsExactly("a");
    }

    @Test
    void aFlushThatFailsAtABatchsCloseStopsNeitherTheOthersNorTheCaller() throws Exception {
        List<String> flushed = new ArrayList<>();
        OversizeFilter broken = new OversizeFilter(new Frames() {
            @Override
            public void flush(WriteListener listener) throws IOException {
                throw new IOException("broken pipe");
            }
        }, 5);
        OversizeFilter fine = new OversizeFilter(new Frames() {
            @Override
            public void flush(WriteListener listener) {
                flushed.add("fine");
            }
        }, 5);
        Thread virtual = Thread.ofVirtual().start(() -> {
            try (WriteBatch batch = WriteBatch.open()) {
                broken.flush(null);
                fine.flush(null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        virtual.join();
        assertThat(flushed).containsExactly("fine");
    }

    /** Frames as a socket would deliver them. */
    private static class Frames implements FrameHandler {
        private final Deque<Frame> frames;

        Frames(Frame... frames) throws IOException {
            this.frames = new ArrayDeque<>();
            for (Frame f : frames) {
                // as read off a socket: a payload array, not the writer's accumulator
                this.frames.add(new Frame(f.getType(), f.getChannel(), f.getPayload()));
            }
        }

        int left() {
            return frames.size();
        }

        @Override
        public Frame readFrame() {
            return frames.poll();
        }

        @Override
        public void setTimeout(int timeoutMs) {
        }

        @Override
        public int getTimeout() {
            return 0;
        }

        @Override
        public void sendHeader() {
        }

        @Override
        public void initialize(AMQConnection connection) {
        }

        @Override
        public void startProcessing() {
        }

        @Override
        public void finishConnectionNegotiation() {
        }

        @Override
        public void setFrameMax(int frameMax) {
        }

        @Override
        public void writeFrame(Frame frame) {
        }

        @Override
        public void flush(WriteListener listener) throws IOException {
        }

        @Override
        public void close() {
        }

        @Override
        public InetAddress getLocalAddress() {
            return null;
        }

        @Override
        public int getLocalPort() {
            return 0;
        }

        @Override
        public InetAddress getAddress() {
            return null;
        }

        @Override
        public int getPort() {
            return 0;
        }
    }
}
