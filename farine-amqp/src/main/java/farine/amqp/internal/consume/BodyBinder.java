package farine.amqp.internal.consume;

import farine.amqp.spi.JsonBudget;
import farine.ConfigException;
import farine.amqp.Message;
import farine.spi.JsonRules;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a delivery into a {@code @Consume} method's payload arguments: the body bound by Jackson to the
 * first non-{@link Message} parameter, the {@link Message} itself where asked for. {@code byte[]} gets
 * the raw body; {@code String} gets a JSON string's text, or the JSON text of anything else; a JSON
 * {@code null} binds to {@code String} and {@code Object} only. Thread-safe.
 */
final class BodyBinder {

    private final int arity;
    private final int bodyIndex;    // -1: the method does not take the body
    private final int messageIndex; // -1: the method does not take the Message
    private final JavaType bodyType;
    private final Class<?> rawType;

    BodyBinder(List<Parameter> payload, String where) {
        this.arity = payload.size();
        int body = -1;
        int message = -1;
        for (int i = 0; i < payload.size(); i++) {
            Class<?> type = payload.get(i).getType();
            if (type == Message.class) {
                if (message >= 0) {
                    throw new ConfigException(where + " declares two Message parameters");
                }
                message = i;
            } else if (body < 0) {
                body = i;
            } else {
                throw new ConfigException(where + ": a @Consume method takes one body parameter (and optionally a Message),"
                        + " but '" + payload.get(body).getName() + "' and '" + payload.get(i).getName() + "' are both unbound;"
                        + " put the fields in one record");
            }
        }
        this.bodyIndex = body;
        this.messageIndex = message;
        Type generic = body < 0 ? Object.class : payload.get(body).getParameterizedType();
        this.bodyType = JsonRules.MAPPER.constructType(generic);
        this.rawType = body < 0 ? Object.class : payload.get(body).getType();
    }

    /** The arguments, or an {@link UnreadableBody} saying why the body does not fit. */
    Object[] bind(Message message, JsonBudget budget) throws UnreadableBody {
        Object[] args = new Object[arity];
        if (messageIndex >= 0) {
            args[messageIndex] = message;
        }
        if (bodyIndex >= 0) {
            args[bodyIndex] = read(message.body(), budget);
        }
        return args;
    }

    Object read(byte[] body) throws UnreadableBody {
        return read(body, null);
    }

    /** The body bound to the parameter, parsed within {@code budget} (null: none). */
    Object read(byte[] body, JsonBudget budget) throws UnreadableBody {
        JsonMapper mapper = budget == null ? JsonRules.MAPPER : budget.mapper();
        if (rawType == byte[].class) {
            return body;
        }
        if (body.length == 0) {
            throw new UnreadableBody("body is empty, expected JSON");
        }
        try {
            if (rawType == String.class) {
                JsonNode tree = mapper.readTree(body);
                return tree.isString() ? tree.stringValue() : tree.isNull() ? null : JsonRules.MAPPER.writeValueAsString(tree);
            }
            Object value = mapper.readValue(body, bodyType);
            if (value == null && rawType != Object.class) {
                // the method would get null where it declared a value: an NPE, retries, then the same dead letter
                throw new UnreadableBody("body is JSON null, which does not bind to " + bodyType.toCanonical());
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw new UnreadableBody(budget != null && JsonBudget.exceeded(e) ? budget.reason()
                    : "body is not valid JSON: " + e.getOriginalMessage());
        } catch (StreamReadException e) {
            throw new UnreadableBody("body is not valid JSON: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new UnreadableBody("body does not bind to " + bodyType.toCanonical() + ": " + e.getOriginalMessage() + JsonRules.where(e));
        }
    }

    /** The body cannot be bound: it goes to the dead-letter queue at once, since a retry cannot help. */
    static final class UnreadableBody extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableBody(String message) {
            super(message, null, false, false);
        }
    }
}
