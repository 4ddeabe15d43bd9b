package farine.rpc.internal.server;

import farine.rpc.internal.wire.RpcJson;
import farine.spi.JsonRules;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/**
 * Binds a request's {@code args} (by position) and {@code kwargs} (by parameter name) to a method's
 * payload parameters, converting each with Jackson to the parameter's generic type. The errors read
 * like Python's, which is what a Python caller expects.
 */
final class ArgumentBinder {

    /** The original's client-side stream switch; a Java server ignores it if a client sends it (PROTOCOL.md §3). */
    static final String STREAM_SWITCH = "__stream__";

    private final String method;
    private final String[] names;
    private final JavaType[] types;

    ArgumentBinder(String method, List<Parameter> parameters) {
        this.method = method;
        this.names = new String[parameters.size()];
        this.types = new JavaType[parameters.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = parameters.get(i).getName();
            types[i] = RpcJson.MAPPER.getTypeFactory().constructType(parameters.get(i).getParameterizedType());
        }
    }

    /** How many arguments the method takes: more elements of {@code args} need not be parsed to refuse the call. */
    int arity() {
        return names.length;
    }

    Object[] bind(Request request) {
        Object[] values = new Object[names.length];
        boolean[] given = new boolean[names.length];
        int positional = request.positional();
        if (positional > names.length) {
            throw new BadRequestException("TypeError", method + "() takes " + names.length + " positional argument(s) but "
                    + positional + " were given");
        }
        for (int i = 0; i < positional; i++) {
            values[i] = convert(i, request.args().get(i));
            given[i] = true;
        }
        for (Map.Entry<String, JsonNode> kw : request.kwargs().properties()) {
            String name = kw.getKey();
            if (STREAM_SWITCH.equals(name)) {
                continue;
            }
            int index = indexOf(name);
            if (index < 0) {
                throw new BadRequestException("TypeError", method + "() got an unexpected keyword argument '" + name + "'");
            }
            if (given[index]) {
                throw new BadRequestException("TypeError", method + "() got multiple values for argument '" + name + "'");
            }
            values[index] = convert(index, kw.getValue());
            given[index] = true;
        }
        for (int i = 0; i < names.length; i++) {
            if (!given[i]) {
                throw new BadRequestException("TypeError", method + "() missing required argument '" + names[i] + "'");
            }
        }
        return values;
    }

    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Object convert(int index, JsonNode value) {
        try {
            return RpcJson.convert(value, types[index]);
        } catch (JacksonException e) {
            throw new BadRequestException("TypeError", method + "() argument '" + names[index] + "': cannot convert "
                    + abbreviate(value.toString()) + " to " + types[index].toCanonical() + " (" + e.getOriginalMessage() + ")"
                    + JsonRules.where(e));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
