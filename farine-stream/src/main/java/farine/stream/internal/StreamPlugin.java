package farine.stream.internal;

import farine.spi.Entrypoint;
import farine.spi.JsonRules;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.stream.HttpStream;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/** farine-stream's contribution: {@code @HttpStream} entry points. */
public final class StreamPlugin implements Plugin {

    /**
     * How event data is bound: farine's one mapper ({@link JsonRules#MAPPER}), whose Jackson 3 defaults are what event
     * payloads need (they often carry more than a record declares: ignored; a trailing second value is an error) and
     * whose rules refuse a number narrowed or guessed ({@code 1.5} or {@code "12"} for an {@code int}).
     */
    static ObjectMapper mapper() {
        return JsonRules.MAPPER;
    }

    @Override
    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of(HttpStream.class);
    }

    @Override
    public List<Entrypoint> entrypoints(MethodContext method) {
        return List.of(new HttpStreamEntrypoint(method, method.method().getAnnotation(HttpStream.class), mapper()));
    }

    @Override
    public void validate(farine.ConfigSection section) {
        if (section.keys().stream().anyMatch(StreamSettings.KEYS::contains)) { // the JSON mapper only when a stream key is set
            StreamSettings.validate(section, mapper());
        }
    }

    @Override
    public Set<String> configKeys() {
        return StreamSettings.KEYS;
    }
}
