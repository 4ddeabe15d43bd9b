package farine.amqp.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import farine.amqp.Rabbit;
import farine.amqp.spi.AmqpSettings;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serving connection of a broker handle (RPC servers consume and reply on it): opened only for those who ask, named
 * as the other two, beside them at connect when asked for before, closed with them.
 */
@Tag("broker")
@ExtendWith(Rabbit.Vhost.class)
class ServingConnectionIT {

    private final Rabbit rabbit;

    ServingConnectionIT(Rabbit rabbit) {
        this.rabbit = rabbit;
    }

    @Test
    void itOpensTheFirstTimeItIsAskedForAndClosesWithTheOthers() throws Exception {
        AmqpConnector connector = new AmqpConnector(AmqpSettings.from(rabbit.config().section("lazy")));
        assertThatThrownBy(connector::serving).isInstanceOf(IllegalStateException.class).hasMessageContaining("not connected to amqp://guest:****@");
        connector.connect();
        try {
            assertThat(rabbit.farineConnections()).as("nobody asked for it").containsExactlyInAnyOrder("farine-consume [lazy]", "farine-publish [lazy]");

            Connection serving = connector.serving();

            assertThat(connector.serving()).isSameAs(serving);
            assertThat(rabbit.farineConnections()).containsExactlyInAnyOrder("farine-consume [lazy]", "farine-publish [lazy]", "farine-serve [lazy]");
            assertThat(connector.notReady()).isNull();
        } finally {
            connector.close(false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.farineConnections().isEmpty());
    }

    @Test
    void askedForBeforeTheConnectItOpensWithTheOthers() throws Exception {
        AmqpConnector connector = new AmqpConnector(AmqpSettings.from(rabbit.config().section("early")));
        connector.willServe();
        connector.connect();
        try {
            assertThat(rabbit.farineConnections()).containsExactlyInAnyOrder("farine-consume [early]", "farine-publish [early]", "farine-serve [early]");
            Channel channel = connector.channel(connector.serving());
            assertThat(channel.isOpen()).isTrue();

            connector.serving().abort();
            assertThat(connector.notReady()).as("a serving connection that is down").contains("is down");
        } finally {
            connector.close(true);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.farineConnections().isEmpty());
    }
}
