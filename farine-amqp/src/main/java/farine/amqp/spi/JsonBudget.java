package farine.amqp.spi;

import farine.ConfigException;
import farine.ConfigSection;
import farine.spi.JsonRules;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How many JSON tokens an entry point parses per message ({@code max_json_tokens}, read as
 * {@code <method>.max_json_tokens} then {@code max_json_tokens}). {@code max_message_size} bounds the bytes,
 * but not what they become: a tree of {@code [{},{},…]} costs about 40 times its bytes (8 MiB took ~350 MB of
 * heap), so eight such requests at once exhausted a 512 MiB heap. The default gives the method's concurrent
 * messages a quarter of the heap between them, at {@value #BYTES_PER_TOKEN} bytes a token, and never less than
 * {@value #MIN_TOKENS} tokens: 83,886 with {@code -Xmx512m} and concurrency 8. Parsing stops at the budget:
 * the message is refused (an error reply, a dead letter) having cost at most that much.
 */
public record JsonBudget(long tokens, JsonMapper mapper) {

    public static final String MAX_JSON_TOKENS = "max_json_tokens";
    static final long BYTES_PER_TOKEN = 200;
    static final long MIN_TOKENS = 65_536;

    /** Reads and checks the key: a {@link ConfigException} naming section, key and value if it is not a positive integer. */
    public static JsonBudget from(ConfigSection config, int concurrency) {
        long tokens = config.longValue(MAX_JSON_TOKENS, defaultTokens(Runtime.getRuntime().maxMemory(), concurrency));
        if (tokens < 1) {
            throw new ConfigException("[" + config.name() + "] " + MAX_JSON_TOKENS + " = " + tokens + ": must be at least 1 (tokens)");
        }
        return new JsonBudget(tokens, JsonRules.builder(tokens).build());
    }

    public static long defaultTokens(long maxHeap, int concurrency) {
        return Math.max(MIN_TOKENS, maxHeap / 4 / Math.max(1, concurrency) / BYTES_PER_TOKEN);
    }

    /** Whether a parse failed on this budget (rather than on nesting depth or another constraint). */
    public static boolean exceeded(StreamConstraintsException e) {
        return String.valueOf(e.getMessage()).contains("Token count");
    }

    /** Why a message is refused, for the error reply or dead letter and the log. */
    public String reason() {
        return "message too costly to parse: more than " + MAX_JSON_TOKENS + " = " + tokens + " JSON tokens";
    }
}
