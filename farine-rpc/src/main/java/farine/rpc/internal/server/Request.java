package farine.rpc.internal.server;

import farine.amqp.spi.JsonBudget;
import farine.rpc.internal.wire.RpcJson;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request body, {@code {"args": [...], "kwargs": {...}}} (PROTOCOL.md §3). {@code positional} is
 * the length of {@code args} as sent; {@code args} holds at most the elements the method can take.
 */
record Request(ArrayNode args, int positional, ObjectNode kwargs) {

    /** Parses and checks the shape, keeping every element of {@code args}. */
    static Request decode(byte[] body) {
        return decode(body, Integer.MAX_VALUE);
    }

    /**
     * Parses and checks the shape; a bad body is a {@link BadRequestException} saying what is wrong.
     * Elements of {@code args} past {@code keptArgs} are counted but skipped by the tokenizer, never
     * built as trees: a call with too many arguments is refused without the memory a huge array costs.
     */
    static Request decode(byte[] body, int keptArgs) {
        return decode(body, keptArgs, null);
    }

    /**
     * The same within {@code budget} (null: none): parsing stops at its token count, answered as a
     * {@code ValueError} saying so, before the trees cost more than the budget allows.
     */
    static Request decode(byte[] body, int keptArgs, JsonBudget budget) {
        ArrayNode args = null;
        ObjectNode kwargs = null;
        int positional = 0;
        try (JsonParser parser = (budget == null ? RpcJson.MAPPER : budget.mapper()).createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first != null) {
                    parser.skipChildren(); // still a JSON error, not a shape error, if the rest is broken
                    RpcJson.endOfInput(parser);
                }
                throw new BadRequestException("ValueError", "request body is not a JSON object with \"args\" and \"kwargs\"");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("args".equals(name)) {
                    args = null;
                    positional = 0;
                    if (value == JsonToken.START_ARRAY) {
                        args = RpcJson.MAPPER.createArrayNode();
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            if (positional < keptArgs) {
                                args.add(RpcJson.node(parser));
                            } else {
                                parser.skipChildren();
                            }
                            positional++;
                        }
                        continue;
                    }
                } else if ("kwargs".equals(name)) {
                    kwargs = null;
                    if (value == JsonToken.START_OBJECT) {
                        kwargs = RpcJson.MAPPER.createObjectNode();
                        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                            String key = parser.currentName();
                            parser.nextToken();
                            kwargs.set(key, RpcJson.node(parser)); // the last of duplicate keys wins, as in readTree
                        }
                        continue;
                    }
                }
                parser.skipChildren();
            }
            RpcJson.endOfInput(parser);
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("ValueError", budget != null && JsonBudget.exceeded(e) ? budget.reason()
                    : "request body is not JSON: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new BadRequestException("ValueError", "request body is not JSON: " + e.getOriginalMessage());
        }
        if (args == null) {
            throw new BadRequestException("ValueError", "request has no \"args\" array");
        }
        if (kwargs == null) {
            throw new BadRequestException("ValueError", "request has no \"kwargs\" object");
        }
        return new Request(args, positional, kwargs);
    }
}
