package farine.bench;

import com.rabbitmq.client.AMQP;
import farine.spi.JsonRules;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The farine wire format (PROTOCOL.md §2–3) as the raw sides speak it by hand: requests
 * {@code {"args":[...],"kwargs":{}}}, reply frames {@code {"body":...,"__end__":false}} then
 * {@code {"__end__":true}}. Thread-safe.
 */
final class Wire {

    static final int PAYLOAD_BYTES = 100;
    /** PROTOCOL.md §3: a non-stream caller asks for one reply message. */
    static final String SINGLE_REPLY_HEADER = "x-farine-single-reply";
    static final byte[] END_FRAME = "{\"__end__\":true}".getBytes(StandardCharsets.UTF_8);

    /** farine's one mapper: what it reads and writes here (trees, strings) its binding rules leave as they are. */
    private final ObjectMapper mapper = JsonRules.MAPPER;
    private final String text;

    Wire() {
        // {"args":["xxx…"],"kwargs":{}} is 25 bytes of framing around the string argument
        this.text = "x".repeat(PAYLOAD_BYTES - 25);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The benchmark's argument: a string that makes the request body exactly 100 bytes. */
    String text() {
        return text;
    }

    byte[] request(Object... args) {
        ObjectNode request = mapper.createObjectNode();
        var array = request.putArray("args");
        for (Object arg : args) {
            array.addPOJO(arg);
        }
        request.putObject("kwargs");
        return mapper.writeValueAsBytes(request);
    }

    JsonNode read(byte[] body) {
        return mapper.readTree(body);
    }

    byte[] itemFrame(JsonNode item) {
        ObjectNode frame = mapper.createObjectNode();
        frame.set("body", item);
        frame.put("__end__", false);
        return mapper.writeValueAsBytes(frame);
    }

    byte[] message(Object body) {
        return mapper.writeValueAsBytes(body);
    }

    /** PROTOCOL.md §2 message properties: JSON, UTF-8, persistent. */
    static AMQP.BasicProperties.Builder properties() {
        return new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .priority(0);
    }
}
