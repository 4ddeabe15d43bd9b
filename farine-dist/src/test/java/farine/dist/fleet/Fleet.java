package farine.dist.fleet;

import farine.Service;
import farine.amqp.Consume;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.rpc.RpcMethod;
import java.util.Map;

/**
 * The service {@code ClusterInstancesIT} runs in three {@code bin/farine} processes: an RPC method and a
 * consumer that each take a little time (so that a stop finds work in flight) and say which instance did
 * the work ({@code FLEET_INSTANCE} in the environment): the call's answer names it, a job's completion is
 * published to {@code fleet-done} with it.
 */
@Service("fleet")
public final class Fleet {

    public static final String JOBS = "fleet-jobs";
    public static final String DONE = "fleet-done";
    private static final String INSTANCE = System.getenv().getOrDefault("FLEET_INSTANCE", "?");

    private final Publisher done;

    public Fleet(@Publish(exchange = DONE, routingKey = DONE) Publisher done) {
        this.done = done;
    }

    /** The job's id, done by this instance. */
    public record Job(String id) {
    }

    @RpcMethod
    public String work(int n) throws InterruptedException {
        Thread.sleep(10);
        return INSTANCE + ":" + n;
    }

    @Consume(exchange = JOBS, routingKey = JOBS)
    public void job(Job job) throws InterruptedException {
        Thread.sleep(20);
        done.send(Map.of("id", job.id(), "instance", INSTANCE));
    }
}
