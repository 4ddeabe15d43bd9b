package farine.stream.internal;

import farine.ConfigException;
import farine.stream.SseEvent;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns an event into the arguments of an {@code @HttpStream} method's payload parameters: an
 * {@link SseEvent} parameter gets the event, a {@code String} (or {@code CharSequence}) the raw data,
 * any other type the data bound by Jackson. Decided once at setup; immutable and thread-safe.
 */
final class EventBinder {

    private final List<Function<SseEvent, Object>> slots;
    private final String dataType;

    private EventBinder(List<Function<SseEvent, Object>> slots, String dataType) {
        this.slots = slots;
        this.dataType = dataType;
    }

    /**
     * @param where {@code service.method}, for messages
     * @throws ConfigException when the method takes more than one event or more than one data parameter
     */
    static EventBinder of(List<Parameter> parameters, ObjectMapper json, String where) {
        Parameter eventParameter = null;
        Parameter dataParameter = null;
        for (Parameter p : parameters) {
            if (p.getType() == SseEvent.class) {
                if (eventParameter != null) {
                    throw new ConfigException("@HttpStream " + where + " takes two SseEvent parameters ('"
                            + eventParameter.getName() + "' and '" + p.getName() + "'); it may take one");
                }
                eventParameter = p;
            } else {
                if (dataParameter != null) {
                    throw new ConfigException("@HttpStream " + where + " has two parameters for the event's data ('"
                            + dataParameter.getName() + "' and '" + p.getName() + "'); it takes at most one data parameter "
                            + "(String, a record/POJO or JsonNode) and one SseEvent; other parameters must be injected");
                }
                dataParameter = p;
            }
        }
        String dataType = dataParameter == null ? "SseEvent" : dataParameter.getParameterizedType().getTypeName();
        return new EventBinder(parameters.stream().map(p -> slot(p, json)).toList(), dataType);
    }

    private static Function<SseEvent, Object> slot(Parameter parameter, ObjectMapper json) {
        Class<?> type = parameter.getType();
        if (type == SseEvent.class) {
            return event -> event;
        }
        if (type == String.class || type == CharSequence.class) {
            return SseEvent::data;
        }
        JavaType target = json.getTypeFactory().constructType(parameter.getParameterizedType());
        return event -> json.readValue(event.data(), target);
    }

    /**
     * The arguments for one event.
     *
     * @throws tools.jackson.core.JacksonException when the data does not bind to the parameter's type
     */
    Object[] bind(SseEvent event) {
        Object[] args = new Object[slots.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = slots.get(i).apply(event);
        }
        return args;
    }

    /** The type the data is bound to, for messages: {@code String}, {@code examples.Tick}. */
    String dataType() {
        return dataType;
    }
}
