package farine.amqp.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerConnectionTest {

    /** A broker handle that is never connected: PerConnection only tells handles apart. */
    private static final class Handle implements AmqpConnection {
        private final String name;

        Handle(String name) {
            this.name = name;
        }

        @Override public String describe() { return name; }
        @Override public String uri() { return "amqp://" + name; }
        @Override public Connection consuming() { return null; }
        @Override public Connection publishing() { return null; }
        @Override public Connection serving() { return null; }
        @Override public void willServe() { }
        @Override public Channel channel(Connection connection) { return null; }
        @Override public void beforeClose(Runnable drain) { }
        @Override public void close(boolean abort) { }
    }

    private final AtomicInteger made = new AtomicInteger();
    private final List<String> closed = new ArrayList<>();
    private final PerConnection<String> perConnection = new PerConnection<>(c -> c.describe() + "#" + made.incrementAndGet(), closed::add);

    @Test
    void eachHandleGetsOneObjectMadeOnFirstUse() {
        Handle a = new Handle("a");
        Handle b = new Handle("b");

        String first = perConnection.of(a);

        assertThat(perConnection.of(a)).isSameAs(first);
        assertThat(perConnection.of(b)).startsWith("b#").isNotEqualTo(first);
        assertThat(perConnection.of(new Handle("a"))).as("handles are told apart by identity").isNotEqualTo(first);
        assertThat(closed).isEmpty();
    }

    @Test
    void closeAllClosesEveryObjectOnceAndTheNextUseMakesANewOne() {
        Handle a = new Handle("a");
        String first = perConnection.of(a);
        String other = perConnection.of(new Handle("b"));

        perConnection.closeAll();
        perConnection.closeAll();

        assertThat(closed).containsExactlyInAnyOrder(first, other);
        assertThat(perConnection.of(a)).isEqualTo("a#3");
    }
}
