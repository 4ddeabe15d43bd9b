package examples.ticker;

import static org.assertj.core.api.Assertions.assertThat;

import farine.amqp.Outgoing;
import farine.amqp.Publisher;
import farine.stream.SseEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The service is a plain class: a unit test needs neither a feed nor a broker. */
class TickerTest {

    private final List<Outgoing> sent = new ArrayList<>();
    private final Publisher publisher = new Publisher() {
        @Override
        public void send(Outgoing message) {
            sent.add(message);
        }

        @Override
        public CompletableFuture<Void> sendAsync(Outgoing message) {
            send(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String exchange() {
            return "ticks";
        }
    };

    @Test
    void eachTickIsPublishedRoutedBySymbolWithTheEventId() {
        Ticker.Tick tick = new Ticker.Tick("ACME", new BigDecimal("12.50"));

        new Ticker(publisher).tick(tick, new SseEvent("41", "tick", "{...}", null));

        assertThat(sent).containsExactly(Outgoing.of(tick).routingKey("ACME").header(Ticker.EVENT_ID, "41"));
    }
}
