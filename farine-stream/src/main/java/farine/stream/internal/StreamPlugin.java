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

    /** Built on first use: every start of the launcher loads the plugins, few use @HttpStream (start-up time). */
    private static final class Json {
        static final ObjectMapper MAPPER = JsonRules.thirdPartyBuilder().build();
    }

    /**
     * How event data is bound: {@link JsonRules#thirdPartyBuilder()} (unknown properties ignored, a trailing second
     * value is an error, the default read constraints, Jackson's own coercions rather than farine's strict ones). An
     * SSE server is a third party, not farine's wire: a price sent as text ({@code "12.50"}) or a count as
     * {@code 42.0} binds as it always did, instead of the event being skipped (docs/stream.md).
     */
    static ObjectMapper mapper() {
        return Json.MAPPER;
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
