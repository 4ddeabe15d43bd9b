package farine.stream.internal;

import farine.spi.Entrypoint;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.stream.HttpStream;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** farine-stream's contribution: {@code @HttpStream} entry points. */
public final class StreamPlugin implements Plugin {

    /** Built on first use: every start of the launcher loads the plugins, few use @HttpStream (start-up time). */
    private static final class Json {
        static final ObjectMapper MAPPER = mapper();
    }

    /** How event data is bound: event payloads often carry more than a record declares; a trailing second value is an error. */
    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    @Override
    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of(HttpStream.class);
    }

    @Override
    public List<Entrypoint> entrypoints(MethodContext method) {
        return List.of(new HttpStreamEntrypoint(method, method.method().getAnnotation(HttpStream.class), Json.MAPPER));
    }

    @Override
    public void validate(farine.ConfigSection section) {
        if (section.keys().stream().anyMatch(StreamSettings.KEYS::contains)) { // the JSON mapper only when a stream key is set
            StreamSettings.validate(section, Json.MAPPER);
        }
    }

    @Override
    public Set<String> configKeys() {
        return StreamSettings.KEYS;
    }
}
