package farine.stream.internal;

import farine.spi.Entrypoint;
import farine.spi.EntrypointInfo;
import farine.spi.MethodContext;
import farine.stream.HttpStream;
import java.net.http.HttpClient;
import tools.jackson.databind.ObjectMapper;

/** An {@code @HttpStream} method: settings and binding checked at setup, one {@link StreamListener} while started. */
final class HttpStreamEntrypoint implements Entrypoint {

    private final MethodContext method;
    private final HttpStream annotation;
    private final ObjectMapper json;
    private StreamSettings settings;
    private EventBinder binder;
    private volatile StreamListener listener;

    HttpStreamEntrypoint(MethodContext method, HttpStream annotation, ObjectMapper json) {
        this.method = method;
        this.annotation = annotation;
        this.json = json;
    }

    private String qualifiedName() {
        return method.service().name() + "." + method.name();
    }

    @Override
    public void setup() {
        settings = StreamSettings.read(method.config(), annotation, qualifiedName(), json);
        binder = EventBinder.of(method.payloadParameters(), json, qualifiedName());
    }

    @Override
    public void start() {
        HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL);
        if (!settings.connectTimeout().isZero()) {
            builder.connectTimeout(settings.connectTimeout());
        }
        HttpClient client = builder.build();
        StreamListener started = new StreamListener(method, settings, binder, client);
        listener = started;
        Thread.ofVirtual().name("farine-stream-" + qualifiedName()).start(started::run);
    }

    @Override
    public void stop() {
        StreamListener running = listener;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public void kill() {
        stop();
    }

    @Override
    public String describe() {
        String events = settings == null || settings.events().isEmpty() ? "" : " " + settings.events().stream().sorted().toList();
        return "http-stream " + method.name() + events + " <- "
                + (settings == null ? StreamSettings.mask(annotation.endpoint()) : settings.describeEndpoint());
    }
}
