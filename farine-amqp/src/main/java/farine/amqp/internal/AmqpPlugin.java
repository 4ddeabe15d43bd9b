package farine.amqp.internal;

import farine.ConfigException;
import farine.amqp.Consume;
import farine.amqp.Publish;
import farine.amqp.Publisher;
import farine.amqp.internal.consume.ConsumeEntrypoint;
import farine.amqp.internal.consume.ConsumeSettings;
import farine.amqp.internal.publish.PublishPolicy;
import farine.amqp.internal.publish.PublisherProvider;
import farine.amqp.internal.topology.Topology;
import farine.amqp.spi.AmqpSettings;
import farine.amqp.spi.JsonBudget;
import farine.amqp.spi.MessageSizeLimit;
import farine.amqp.spi.QueueArguments;
import farine.spi.DependencyProvider;
import farine.spi.Entrypoint;
import farine.spi.MethodContext;
import farine.spi.Plugin;
import farine.spi.ServiceContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What farine-amqp brings: {@link Consume} entry points and {@link Publisher} injection. */
public final class AmqpPlugin implements Plugin {

    @Override
    public Set<Class<? extends Annotation>> entrypointAnnotations() {
        return Set.of(Consume.class);
    }

    @Override
    public List<Entrypoint> entrypoints(MethodContext method) {
        Consume consume = method.method().getAnnotation(Consume.class);
        return consume == null ? List.of() : List.of(new ConsumeEntrypoint(method, consume));
    }

    @Override
    public Optional<DependencyProvider> dependency(ServiceContext service, Parameter parameter) {
        Publish publish = parameter.getAnnotation(Publish.class);
        if (parameter.getType() == Publisher.class) {
            return Optional.of(new PublisherProvider(service, publish, parameter.getName()));
        }
        if (publish != null) {
            throw new ConfigException(service.type().getName() + ": @Publish parameter '" + parameter.getName() + "' has type "
                    + parameter.getType().getName() + "; it must be farine.amqp.Publisher");
        }
        return Optional.empty();
    }

    @Override
    public void validate(farine.ConfigSection section) {
        AmqpSettings.from(section);
        Topology.from(section);
        Topology.exchangeType(section, farine.amqp.ExchangeType.DIRECT);
        PublishPolicy.from(section);
        ConsumeSettings.from(section);
        JsonBudget.from(section, 1);
    }

    @Override
    public Set<String> configKeys() {
        Set<String> keys = new HashSet<>(AmqpSettings.KEYS);
        keys.addAll(Topology.KEYS);
        keys.addAll(QueueArguments.KEYS);
        keys.addAll(PublishPolicy.KEYS);
        keys.addAll(ConsumeSettings.KEYS);
        keys.add(MessageSizeLimit.MAX_MESSAGE_SIZE);
        keys.add(JsonBudget.MAX_JSON_TOKENS);
        return keys;
    }
}
