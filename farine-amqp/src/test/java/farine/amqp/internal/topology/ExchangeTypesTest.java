package farine.amqp.internal.topology;

import static org.assertj.core.api.Assertions.assertThat;

import farine.Config;
import farine.ConfigSection;
import farine.amqp.Consume;
import farine.amqp.ExchangeType;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.amqp.internal.Sections;
import farine.spi.Extension;
import farine.spi.ServiceContext;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ExchangeTypesTest {

    public static final class Newsroom {
        public Newsroom(@Publish(exchange = "news") Publisher news, @Publish(exchange = "audit", type = ExchangeType.FANOUT) Publisher audit) {
        }

        @Consume(exchange = "news", routingKey = "news.*", queue = "q", type = ExchangeType.TOPIC)
        public void read(String text) {
        }

        @Consume(exchange = "plain")
        public void plain(String text) {
        }

        public void notify(@Publish(exchange = "plain") Publisher plain) {
        }
    }

    private record Service(ConfigSection config) implements ServiceContext {
        public String name() {
            return "newsroom";
        }

        public Class<?> type() {
            return Newsroom.class;
        }

        public Config containerConfig() {
            throw new AssertionError("ExchangeTypes must not read the container's configuration");
        }

        public <T extends Extension> T shared(Class<T> type, Supplier<T> factory) {
            throw new AssertionError("ExchangeTypes must not create shared extensions");
        }

        public void fail(String what, Throwable cause) {
        }

        public boolean running() {
            return true;
        }
    }

    private static ServiceContext service(String... keyValues) {
        return new Service(Sections.of(keyValues));
    }

    @Test
    void anUnsetPublisherFollowsTheConsumerThatSetTheType() {
        ServiceContext s = service();
        assertThat(ExchangeTypes.agreed(s, "news", s.config().scoped("news"), ExchangeType.DIRECT)).isEqualTo(ExchangeType.TOPIC);
    }

    @Test
    void anUnsetConsumerFollowsThePublisherThatSetTheType() {
        ServiceContext s = service("plain.exchange", "audit");
        assertThat(ExchangeTypes.agreed(s, "audit", s.config().scoped("plain"), ExchangeType.DIRECT)).isEqualTo(ExchangeType.FANOUT);
    }

    @Test
    void nobodySettingATypeMeansDirect() {
        ServiceContext s = service();
        assertThat(ExchangeTypes.agreed(s, "plain", s.config().scoped("plain"), ExchangeType.DIRECT)).isEqualTo(ExchangeType.DIRECT);
        assertThat(ExchangeTypes.agreed(s, "elsewhere", s.config(), ExchangeType.DIRECT)).isEqualTo(ExchangeType.DIRECT);
    }

    @Test
    void anIniTypeWinsAndIsFollowed() {
        ServiceContext s = service("read.type", "fanout");
        assertThat(ExchangeTypes.agreed(s, "news", s.config().scoped("read"), ExchangeType.TOPIC)).isEqualTo(ExchangeType.FANOUT);
        assertThat(ExchangeTypes.agreed(s, "news", s.config().scoped("news"), ExchangeType.DIRECT)).isEqualTo(ExchangeType.FANOUT);
        // an explicit setting of its own is kept, even where it disagrees (the broker then says 406)
        assertThat(ExchangeTypes.agreed(s, "news", s.config().scoped("news"), ExchangeType.HEADERS)).isEqualTo(ExchangeType.HEADERS);
    }

    @Test
    void renamedExchangesAreComparedByTheirIniNames() {
        ServiceContext s = service("read.exchange", "renamed", "news.exchange", "renamed");
        assertThat(ExchangeTypes.agreed(s, "renamed", s.config().scoped("news"), ExchangeType.DIRECT)).isEqualTo(ExchangeType.TOPIC);
        assertThat(ExchangeTypes.agreed(s, "news", s.config().scoped("nobody"), ExchangeType.DIRECT)).isEqualTo(ExchangeType.DIRECT);
    }
}
