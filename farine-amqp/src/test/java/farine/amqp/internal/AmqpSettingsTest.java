package farine.amqp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.amqp.spi.AmqpSettings;
import com.rabbitmq.client.Address;
import farine.ConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmqpSettingsTest {

    @Test
    void noUriMeansTheEmbeddedBroker() {
        assertThat(AmqpSettings.from(Sections.of()).embedded()).isTrue();
        assertThat(AmqpSettings.from(Sections.of("amqp_uri", " EMBEDDED ")).embedded()).isTrue();
    }

    @Test
    void aSingleHostUriIsKeptAsIs() {
        AmqpSettings s = AmqpSettings.from(Sections.of("amqp_uri", "amqps://u:p@rabbit.example:5671/prod"));
        assertThat(s.uri()).isEqualTo("amqps://u:p@rabbit.example:5671/prod");
        assertThat(s.addressList()).isEmpty();
        assertThat(s.connectTimeout()).isZero();
    }

    @Test
    void severalHostsInTheUriAreTriedInOrder() {
        AmqpSettings s = AmqpSettings.from(Sections.of("amqp_uri", "amqp://u:p@h1:5672,h2:5673,h3/vh"));
        assertThat(s.uri()).isEqualTo("amqp://u:p@h1:5672/vh");
        assertThat(s.addressList()).containsExactly(new Address("h1", 5672), new Address("h2", 5673), new Address("h3"));
    }

    @Test
    void amqpAddressesOverridesTheHostsOfTheUri() {
        AmqpSettings s = AmqpSettings.from(Sections.of("amqp_uri", "amqp://u:p@h1,h2/", "amqp_addresses", "a:1, b:2"));
        assertThat(s.addressList()).containsExactly(new Address("a", 1), new Address("b", 2));
    }

    @Test
    void connectTimeoutIsInSecondsUnlessAUnitIsGiven() {
        assertThat(AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/", "connect_timeout", "5")).connectTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/", "connect_timeout", "500ms")).connectTimeout())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aBadUriIsRejectedWithThePasswordMasked() {
        assertThatThrownBy(() -> AmqpSettings.from(Sections.of("amqp_uri", "http://guest:s3cret@h/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[orders] amqp_uri = \"http://guest:****@h/\"")
                .hasMessageContaining("the scheme must be amqp or amqps")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> AmqpSettings.from(Sections.of("amqp_uri", "amqp://guest:s3cret@/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> AmqpSettings.from(Sections.of("amqp_uri", "not a uri")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[orders] amqp_uri");
    }

    @Test
    void badAddressesAndTimeoutsAreRejected() {
        assertThatThrownBy(() -> AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/", "amqp_addresses", "h1:port")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[orders] amqp_addresses = \"h1:port\": expected host[:port] separated by commas");
        assertThatThrownBy(() -> AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/", "connect_timeout", "a while")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[orders] connect_timeout = \"a while\"");
        assertThatThrownBy(() -> AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/", "connect_timeout", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[orders] connect_timeout = \"-1\"");
    }

    @Test
    void sectionsNamingTheSameBrokerShareAKey() {
        assertThat(AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/")).key())
                .isEqualTo(AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/")).key())
                .isNotEqualTo(AmqpSettings.from(Sections.of("amqp_uri", "amqp://h/other")).key());
    }
}
