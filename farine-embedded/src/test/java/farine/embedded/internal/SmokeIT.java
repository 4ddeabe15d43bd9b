package farine.embedded.internal;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

class SmokeIT {
    @Test
    void smoke() throws Exception {
        long t = System.nanoTime();
        QpidBroker b = new QpidBroker();
        String uri = b.start(0);
        System.out.println("STARTED " + uri + " in " + (System.nanoTime() - t) / 1_000_000 + " ms");
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(uri);
        System.out.println("VHOST [" + f.getVirtualHost() + "]");
        try (var c = f.newConnection(); var ch = c.createChannel()) {
            ch.queueDeclare("q1", true, false, false, null);
            ch.basicPublish("", "q1", null, "hi".getBytes());
            System.out.println("GOT " + new String(ch.basicGet("q1", true).getBody()));
        }
        b.stop();
    }
}
