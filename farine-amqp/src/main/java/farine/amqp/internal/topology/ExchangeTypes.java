package farine.amqp.internal.topology;

import farine.ConfigSection;
import farine.amqp.Consume;
import farine.amqp.ExchangeType;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.spi.ServiceContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * The type of an exchange that one service both consumes from and publishes to. A type that is set
 * (INI {@code type}, or an annotation other than the default {@code DIRECT}) wins, and the unset ones
 * follow it: {@code @Consume(exchange = "news", type = TOPIC)} beside {@code @Publish(exchange = "news")}
 * declares {@code news} as a topic exchange twice, never as topic and direct (a 406 at start).
 */
public final class ExchangeTypes {

    private record Declared(String exchange, ExchangeType type, boolean explicit) {
    }

    private ExchangeTypes() {
    }

    /** The type to declare {@code exchange} with, for a consumer or publisher whose own settings are {@code own}. */
    public static ExchangeType agreed(ServiceContext service, String exchange, ConfigSection own, ExchangeType annotated) {
        Declared mine = declared(own, exchange, annotated);
        if (mine.explicit()) {
            return mine.type();
        }
        return declaredBy(service).stream()
                .filter(d -> d.explicit() && d.exchange().equals(exchange))
                .map(Declared::type)
                .findFirst()
                .orElse(ExchangeType.DIRECT);
    }

    private static Declared declared(ConfigSection config, String exchange, ExchangeType annotated) {
        boolean explicit = config.get(Topology.TYPE).isPresent() || annotated != ExchangeType.DIRECT;
        return new Declared(exchange, Topology.exchangeType(config, annotated), explicit);
    }

    /** Every exchange the service's {@code @Consume} methods and {@code Publisher} parameters name. */
    private static List<Declared> declaredBy(ServiceContext service) {
        List<Declared> all = new ArrayList<>();
        for (Method m : service.type().getMethods()) {
            Consume consume = m.getAnnotation(Consume.class);
            if (consume != null) {
                ConfigSection config = service.config().scoped(m.getName());
                all.add(declared(config, Topology.name(config, Topology.EXCHANGE, consume.exchange(), service.name()), consume.type()));
            }
            publishers(service, m.getParameters(), all);
        }
        for (Constructor<?> c : service.type().getConstructors()) {
            publishers(service, c.getParameters(), all);
        }
        return all;
    }

    private static void publishers(ServiceContext service, Parameter[] parameters, List<Declared> into) {
        for (Parameter p : parameters) {
            if (p.getType() == Publisher.class) {
                Publish publish = p.getAnnotation(Publish.class);
                ConfigSection config = service.config().scoped(p.getName());
                String exchange = Topology.name(config, Topology.EXCHANGE, publish == null ? "" : publish.exchange(), service.name());
                into.add(declared(config, exchange, publish == null ? ExchangeType.DIRECT : publish.type()));
            }
        }
    }
}
