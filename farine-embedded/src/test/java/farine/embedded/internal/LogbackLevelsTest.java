package farine.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogbackLevelsTest {

    @Test
    void raises_unconfigured_loggers_to_warn_and_keeps_a_level_the_application_set() {
        LoggerContext context = new LoggerContext();
        context.getLogger("qpid.message").setLevel(Level.DEBUG);
        LogbackLevels.raiseToWarn(context, List.of("org.apache.qpid", "qpid.message"));
        assertThat(context.getLogger("org.apache.qpid").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.apache.qpid.server.Broker").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("org.apache.qpid.server.Broker").isWarnEnabled()).isTrue();
        assertThat(context.getLogger("qpid.message").getLevel()).isEqualTo(Level.DEBUG);
    }
}
