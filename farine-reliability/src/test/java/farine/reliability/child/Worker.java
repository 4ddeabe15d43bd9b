package farine.reliability.child;

import farine.Service;
import farine.amqp.Consume;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.rpc.RpcMethod;

/**
 * The service the signal scenarios run in child JVMs ({@code farine --start=farine.reliability.child.Worker}):
 * a job consumer and an RPC method that each take a while, then report which process did the work.
 */
@Service("worker")
public final class Worker {

    public static final String JOBS = "worker-jobs";
    public static final String DONE = "worker-done";
    private static final long PID = ProcessHandle.current().pid();

    private final Publisher done;

    public Worker(@Publish(exchange = DONE) Publisher done) {
        this.done = done;
    }

    public record Job(String id, int millis) {
    }

    public record Done(String id, long pid) {
    }

    /** Reports completion before returning: the ack follows, so a kill in between gives a duplicate, never a loss. */
    @Consume(exchange = JOBS, routingKey = JOBS)
    public void job(Job job) throws InterruptedException {
        Thread.sleep(job.millis());
        done.send(new Done(job.id(), PID));
    }

    @RpcMethod
    public Done slow(String id, int millis) throws InterruptedException {
        Thread.sleep(millis);
        return new Done(id, PID);
    }
}
