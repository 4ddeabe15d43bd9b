package farine.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import farine.Config;
import farine.Container;
import farine.amqp.Consume;
import farine.rpc.RpcClients;
import farine.rpc.RpcMethod;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /health/ready} follows the broker connection and the container's stop; {@code /health/live} the container. */
class ReadinessIT {

    public static final class ObsReady {
        static final CountDownLatch ENTERED = new CountDownLatch(1);
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @RpcMethod
        public String slow() throws InterruptedException {
            ENTERED.countDown();
            RELEASE.await(30, TimeUnit.SECONDS);
            return "done";
        }

        @Consume(exchange = "obs-ready", routingKey = "obs.ready")
        public void take(String item) {
        }
    }

    @Test
    void readinessGoesDownWhileTheBrokerConnectionIsLostAndComesBackAfterRecovery() throws Exception {
        if (!Broker.VHOST.isPrivate()) {
            throw new IllegalStateException("this test closes connections and needs a private vhost (rabbitmqctl on the broker host)");
        }
        int port = Broker.freePort();
        try (Container container = Container.create(Broker.config(port, Map.of()), List.of(ObsReady.class))) {
            container.start();
            assertThat(Broker.get(port, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(Broker.get(port, "/health/live").statusCode()).isEqualTo(200);

            // only this container's connections, on this JVM's private vhost
            assertThat(Broker.VHOST.closeConnections("farine-")).isPositive();

            HttpResponse<String> down = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Broker.get(port, "/health/ready"), r -> r.statusCode() == 503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("broker connection to amqp://");
            assertThat(Broker.get(port, "/health/live").statusCode()).as("alive while recovering").isEqualTo(200);

            HttpResponse<String> up = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Broker.get(port, "/health/ready"), r -> r.statusCode() == 200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}\n");
        }
    }

    @Test
    void aGracefulStopTurnsReadinessDownBeforeTheRunningWorkersFinish() throws Exception {
        int port = Broker.freePort();
        Config config = Broker.config(port, Map.of());
        Container container = Container.create(config, List.of(ObsReady.class));
        try (RpcClients clients = RpcClients.connect(Broker.uri())) {
            container.start();
            CompletableFuture<Object> call = clients.caller("obsready").callAsync("slow");
            assertThat(ObsReady.ENTERED.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stop = CompletableFuture.runAsync(container::stop);

            HttpResponse<String> ready = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Broker.get(port, "/health/ready"), r -> r.statusCode() == 503);
            assertThat(ready.body()).contains("container is stopping");
            assertThat(stop).as("the stop waits for the running worker").isNotDone();
            assertThat(Broker.get(port, "/health/live").statusCode()).isEqualTo(200);

            ObsReady.RELEASE.countDown();
            assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("done");
            stop.get(10, TimeUnit.SECONDS);
        } finally {
            container.kill();
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Broker.get(port, "/health/live"))
                        .as("the endpoint closes with the container").isInstanceOf(java.io.IOException.class));
    }

    @Test
    void aBadMetricsPortFailsTheContainerWithAClearMessage() {
        Config config = Broker.config(-1, Map.of("DEFAULT", Map.of("metrics_port", "http")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Container.create(config, List.of(ObsReady.class)))
                .isInstanceOf(farine.ConfigException.class)
                .hasMessageStartingWith("[DEFAULT] metrics_port = \"http\": expected a port number between 0 and 65535");
    }
}
