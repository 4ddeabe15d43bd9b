package farine.reliability;

import farine.Service;
import farine.amqp.Consume;
import farine.amqp.Message;
import farine.rpc.RpcMethod;

/** The service of the flood scenario: a consumer and an RPC method slower than the traffic sent to them. */
@Service("sluggish")
public final class Sluggish {

    static final String IN = "sluggish-in";

    @Consume(exchange = IN, routingKey = IN)
    public void take(byte[] body, Message message) throws InterruptedException {
        Thread.sleep(5);
        Tally.of("sluggish").saw(String.valueOf(message.properties().getMessageId()));
    }

    @RpcMethod
    public int nap(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }
}
