package examples.ticker;

import farine.Service;
import farine.amqp.Outgoing;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.stream.HttpStream;
import farine.stream.SseEvent;
import java.math.BigDecimal;

/**
 * Listens to a price feed of Server-Sent Events and republishes each {@code tick} event to the AMQP
 * exchange {@code ticks}, routed by symbol, so that any service (Java or Python) can consume prices
 * with {@code @Consume(exchange = "ticks", routingKey = "ACME")}.
 *
 * <pre>
 * [ticker]
 * amqp_uri = amqp://guest:guest@localhost:5672
 * ; wins over the annotation
 * endpoint = https://prices.example.com/stream
 * ; sent on every connection, never logged
 * headers  = Authorization: Bearer ...
 * </pre>
 *
 * <p>Events arrive one at a time, in the feed's order. If publishing fails (the broker is away
 * longer than {@code publish_timeout}), the method throws and the listener retries the event
 * ({@code retries}); the connection to the feed is resumed with {@code Last-Event-ID} whenever it drops.
 */
@Service("ticker")
public final class Ticker {

    /** One price, as the feed sends it: {@code data: {"symbol": "ACME", "price": 12.5}}. */
    public record Tick(String symbol, BigDecimal price) {
    }

    /** The AMQP header carrying the feed's event id, so consumers can spot a replayed event. */
    public static final String EVENT_ID = "sse-id";

    private final Publisher ticks;

    public Ticker(@Publish(exchange = "ticks") Publisher ticks) {
        this.ticks = ticks;
    }

    @HttpStream(endpoint = "http://localhost:8080/prices", event = "tick")
    public void tick(Tick tick, SseEvent event) {
        ticks.send(Outgoing.of(tick).routingKey(tick.symbol()).header(EVENT_ID, event.id()));
    }
}
