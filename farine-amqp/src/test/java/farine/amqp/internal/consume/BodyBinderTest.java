package farine.amqp.internal.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import farine.ConfigException;
import farine.amqp.Message;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BodyBinderTest {

    record Order(String id, int quantity, LocalDate due) {
    }

    public static final class Pojo {
        public String id;
        public List<String> tags;
    }

    @SuppressWarnings("unused")
    static final class Methods {
        void record(Order order) { }
        void pojo(Pojo pojo) { }
        void map(Map<String, Integer> map) { }
        void list(List<Order> list) { }
        void tree(JsonNode tree) { }
        void text(String text) { }
        void raw(byte[] raw) { }
        void withMessage(Message message, Order order) { }
        void messageOnly(Message message) { }
        void nothing() { }
        void two(Order a, Order b) { }
        void twoMessages(Message a, Message b) { }
    }

    private static BodyBinder binder(String name) {
        Method m = Arrays.stream(Methods.class.getDeclaredMethods()).filter(x -> x.getName().equals(name)).findFirst().orElseThrow();
        return new BodyBinder(List.of(m.getParameters()), "Orders." + name);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ConsumedMessage delivery(String body) {
        return new ConsumedMessage(null, null, new Envelope(1, false, "orders", "order.created"), new AMQP.BasicProperties(), json(body));
    }

    @Test
    void aRecordBindsWithIsoDatesAndUnknownFieldsIgnored() throws Exception {
        assertThat(binder("record").read(json("{\"id\":\"o1\",\"quantity\":3,\"due\":\"2026-12-01\",\"extra\":true}")))
                .isEqualTo(new Order("o1", 3, LocalDate.of(2026, 12, 1)));
    }

    @Test
    void aPojoBinds() throws Exception {
        Pojo p = (Pojo) binder("pojo").read(json("{\"id\":\"p\",\"tags\":[\"a\",\"b\"]}"));
        assertThat(p.id).isEqualTo("p");
        assertThat(p.tags).containsExactly("a", "b");
    }

    @Test
    void genericMapsAndListsBindToTheirElementTypes() throws Exception {
        assertThat(binder("map").read(json("{\"a\":1,\"b\":2}"))).isEqualTo(Map.of("a", 1, "b", 2));
        assertThat(binder("list").read(json("[{\"id\":\"x\",\"quantity\":1}]"))).isEqualTo(List.of(new Order("x", 1, null)));
    }

    @Test
    void aJsonNodeGetsTheTree() throws Exception {
        JsonNode tree = (JsonNode) binder("tree").read(json("{\"a\":[1,2]}"));
        assertThat(tree.get("a").get(1).asInt()).isEqualTo(2);
    }

    @Test
    void aStringGetsAJsonStringsTextOrTheJsonOfAnythingElse() throws Exception {
        assertThat(binder("text").read(json("\"hé\""))).isEqualTo("hé");
        assertThat(binder("text").read(json("{\"a\": 1}"))).isEqualTo("{\"a\":1}");
        assertThat(binder("text").read(json("null"))).isNull();
    }

    @Test
    void bytesGetTheRawBodyEvenWhenItIsNotJson() throws Exception {
        byte[] raw = {(byte) 0xff, 0, 1};
        assertThat((byte[]) binder("raw").read(raw)).isSameAs(raw);
        assertThat((byte[]) binder("raw").read(new byte[0])).isEmpty();
    }

    @Test
    void aJsonNullBodyIsUnreadableForARecordAListOrAMap() {
        for (String method : List.of("record", "pojo", "map", "list")) {
            assertThatThrownBy(() -> binder(method).read(json("null"))).isInstanceOf(BodyBinder.UnreadableBody.class)
                    .hasMessageStartingWith("body is JSON null, which does not bind to");
        }
    }

    @Test
    void aRecordFieldIsNotNarrowedAFloatOrAStringForAnIntIsUnreadable() {
        for (String quantity : List.of("1.5", "\"12\"")) {
            assertThatThrownBy(() -> binder("record").read(json("{\"id\":\"o1\",\"quantity\":" + quantity + "}")))
                    .isInstanceOf(BodyBinder.UnreadableBody.class).hasMessageContaining("quantity");
        }
    }

    @Test
    void malformedJsonIsUnreadableWithTheParsersReason() {
        assertThatThrownBy(() -> binder("record").read(json("{not json")))
                .isInstanceOf(BodyBinder.UnreadableBody.class)
                .hasMessageStartingWith("body is not valid JSON: ");
        assertThatThrownBy(() -> binder("text").read(json("plain text")))
                .isInstanceOf(BodyBinder.UnreadableBody.class)
                .hasMessageStartingWith("body is not valid JSON");
    }

    @Test
    void anEmptyBodyIsUnreadable() {
        assertThatThrownBy(() -> binder("tree").read(new byte[0]))
                .isInstanceOf(BodyBinder.UnreadableBody.class)
                .hasMessage("body is empty, expected JSON");
    }

    @Test
    void theWrongShapeIsUnreadableNamingTheExpectedType() {
        assertThatThrownBy(() -> binder("record").read(json("[1,2]")))
                .isInstanceOf(BodyBinder.UnreadableBody.class)
                .hasMessageContaining("body does not bind to farine.amqp.internal.consume.BodyBinderTest$Order");
        assertThatThrownBy(() -> binder("record").read(json("{\"quantity\":\"many\"}")))
                .isInstanceOf(BodyBinder.UnreadableBody.class)
                .hasMessageContaining("body does not bind to");
        assertThatThrownBy(() -> binder("map").read(json("{\"a\":\"x\"}")))
                .isInstanceOf(BodyBinder.UnreadableBody.class)
                .hasMessageContaining("java.util.Map<java.lang.String,java.lang.Integer>");
    }

    @Test
    void theMessageGoesWhereTheMethodWantsIt() throws Exception {
        ConsumedMessage d = delivery("{\"id\":\"o1\",\"quantity\":2}");
        assertThat(binder("withMessage").bind(d, null)).containsExactly(d, new Order("o1", 2, null));
        assertThat(binder("messageOnly").bind(d, null)).containsExactly(d);
        assertThat(binder("nothing").bind(d, null)).isEmpty();
    }

    @Test
    void aMethodThatTakesNoBodyAcceptsAnyBody() throws Exception {
        assertThat(binder("messageOnly").bind(delivery("not json"), null)).hasSize(1);
    }

    @Test
    void twoBodyParametersOrTwoMessagesAreAConfigurationError() {
        assertThatThrownBy(() -> binder("two"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Orders.two: a @Consume method takes one body parameter");
        assertThatThrownBy(() -> binder("twoMessages"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Orders.twoMessages declares two Message parameters");
    }
}
