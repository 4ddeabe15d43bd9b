package farine.rpc.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.amqp.spi.AmqpConnection;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamCancelsTest {

    /** A connection whose first channel fails to declare (a broker outage), the next ones work. */
    private static final class FlakyConnection implements AmqpConnection {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger aborted = new AtomicInteger();

        @Override
        public Channel channel(Connection connection) {
            boolean fail = opened.incrementAndGet() == 1;
            return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class}, (proxy, method, args) -> {
                if (method.getName().equals("queueDeclare") && fail) {
                    throw new IOException("channel error: broker down");
                }
                if (method.getName().equals("abort")) {
                    aborted.incrementAndGet();
                }
                return method.getReturnType() == boolean.class ? false : method.getReturnType() == int.class ? 0 : null;
            });
        }

        @Override public String describe() { return "flaky"; }
        @Override public String uri() { return "amqp://flaky"; }
        @Override public Connection consuming() { return null; }
        @Override public Connection publishing() { return null; }
        @Override public Connection serving() { return null; }
        @Override public void willServe() { }
        @Override public void beforeClose(Runnable drain) { }
        @Override public void close(boolean abort) { }
    }

    @Test
    void aFailedDeclarationIsTriedAgainAfterTheDelayNotForeverGivenUp() {
        FlakyConnection connection = new FlakyConnection();
        StreamCancels waiting = new StreamCancels(connection, "svc.items", Duration.ofHours(1));
        assertThat(waiting.queue()).isNull();
        assertThat(waiting.queue()).as("within the delay: no new attempt").isNull();
        assertThat(connection.opened).hasValue(1);
        assertThat(connection.aborted).as("the failed attempt's channel is not left open").hasValue(1);

        FlakyConnection again = new FlakyConnection();
        StreamCancels retrying = new StreamCancels(again, "svc.items", Duration.ZERO);
        assertThat(retrying.queue()).isNull();
        assertThat(retrying.queue()).startsWith("farine.cancel.");
        assertThat(retrying.queue()).as("declared once, then kept").startsWith("farine.cancel.");
        assertThat(again.opened).hasValue(2);
    }
}
