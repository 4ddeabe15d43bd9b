package farine.reliability;

import farine.Service;
import farine.amqp.Consume;
import farine.rpc.RpcMethod;

/** The in-process service of the broker scenarios: a consumer that counts what it gets, and an echo. */
@Service("traffic")
public final class Traffic {

    static final String EXCHANGE = "traffic-in";

    /** The published message. */
    public record Job(String id) {
    }

    @Consume(exchange = EXCHANGE, routingKey = EXCHANGE)
    public void take(Job job) {
        Tally.of("traffic").saw(job.id());
    }

    @RpcMethod
    public int echo(int n) {
        return n;
    }
}
