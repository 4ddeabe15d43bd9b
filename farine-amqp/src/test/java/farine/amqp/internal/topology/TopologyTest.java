package farine.amqp.internal.topology;

import farine.amqp.spi.QueueArguments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farine.ConfigException;
import farine.amqp.ExchangeType;
import farine.amqp.internal.Sections;
import farine.amqp.internal.consume.ConsumeEntrypoint;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopologyTest {

    @Test
    void theDefaultIsProtocolSectionOneDurableNotAutoDeleteNotExclusiveClassic() {
        assertThat(Topology.from(Sections.of())).isEqualTo(new Topology(true, true, false, false, new QueueArguments(false, false), "orders"));
    }

    @Test
    void quorumIsOptIn() {
        assertThat(Topology.from(Sections.of("queue_type", "Quorum")).quorum()).isTrue();
        assertThat(Topology.from(Sections.of("queue_type", "classic")).quorum()).isFalse();
    }

    @Test
    void queueArgumentsAreNoneByDefaultAndOnlyWhatTheSectionAsks() {
        assertThat(QueueArguments.from(Sections.of()).toMap()).isNull();
        assertThat(QueueArguments.from(Sections.of("queue_type", "quorum")).toMap()).containsExactly(java.util.Map.entry("x-queue-type", "quorum"));
        assertThat(QueueArguments.from(Sections.of("single_active", "true")).toMap())
                .containsExactly(java.util.Map.entry("x-single-active-consumer", true));
        assertThatThrownBy(() -> QueueArguments.from(Sections.of("single_active", "maybe")))
                .hasMessageContaining("[orders] single_active = \"maybe\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "queue_type|stream|[orders] queue_type = \"stream\": expected classic or quorum",
        "durable|sometimes|[orders] durable = \"sometimes\"",
        "auto_delete|2|[orders] auto_delete = \"2\"",
        "exclusive|x|[orders] exclusive = \"x\"",
        "auto_declare|nope|[orders] auto_declare = \"nope\"",
    })
    void everyBadValueIsRejectedNamingSectionKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> Topology.from(Sections.of(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aQuorumQueueMustBeDurableAndShared() {
        assertThatThrownBy(() -> Topology.from(Sections.of("queue_type", "quorum", "durable", "false")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("[orders] queue_type = quorum needs durable = true");
        assertThatThrownBy(() -> Topology.from(Sections.of("queue_type", "quorum", "exclusive", "true")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> Topology.from(Sections.of("queue_type", "quorum", "auto_delete", "true")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void namesComeFromTheMethodsKeyThenTheSectionsThenTheAnnotationThenTheDefault() {
        assertThat(Topology.name(Sections.of(), "exchange", "", "orders")).isEqualTo("orders");
        assertThat(Topology.name(Sections.of(), "exchange", "shop", "orders")).isEqualTo("shop");
        assertThat(Topology.name(Sections.of("exchange", " test-shop "), "exchange", "shop", "orders")).isEqualTo("test-shop");
        assertThat(Topology.name(Sections.of("exchange", "a", "created.exchange", "b").scoped("created"), "exchange", "shop", "orders"))
                .isEqualTo("b");
        assertThat(Topology.name(Sections.of("exchange", "  "), "exchange", "shop", "orders")).isEqualTo("shop");
    }

    @Test
    void theIniTypeOverridesTheAnnotation() {
        assertThat(Topology.exchangeType(Sections.of(), ExchangeType.FANOUT)).isEqualTo(ExchangeType.FANOUT);
        assertThat(Topology.exchangeType(Sections.of("type", " Topic "), ExchangeType.DIRECT)).isEqualTo(ExchangeType.TOPIC);
        assertThatThrownBy(() -> Topology.exchangeType(Sections.of("type", "x-delayed"), ExchangeType.DIRECT))
                .isInstanceOf(ConfigException.class)
                .hasMessage("[orders] type = \"x-delayed\": expected direct, topic, fanout or headers");
    }

    @Test
    void headerBindingsMatchAllByDefault() {
        assertThat(ConsumeEntrypoint.bindingArguments(ExchangeType.HEADERS, new String[] {"kind=refund", " region = eu "}, "orders.m"))
                .containsExactly(Map.entry("x-match", "all"), Map.entry("kind", "refund"), Map.entry("region", "eu"));
        assertThat(ConsumeEntrypoint.bindingArguments(ExchangeType.HEADERS, new String[] {"x-match=any", "kind=refund"}, "orders.m"))
                .containsEntry("x-match", "any");
    }

    @Test
    void otherExchangeTypesBindWithoutArguments() {
        assertThat(ConsumeEntrypoint.bindingArguments(ExchangeType.TOPIC, new String[0], "orders.m")).isNull();
    }

    @Test
    void badHeaderBindingsAreRejected() {
        assertThatThrownBy(() -> ConsumeEntrypoint.bindingArguments(ExchangeType.HEADERS, new String[] {"kind"}, "orders.m"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("orders.m: bindingHeaders entry \"kind\" is not name=value");
        assertThatThrownBy(() -> ConsumeEntrypoint.bindingArguments(ExchangeType.DIRECT, new String[] {"kind=refund"}, "orders.m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bindingHeaders only apply to a headers exchange, this one is direct");
    }
}
