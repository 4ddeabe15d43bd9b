package farine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ConsoleLoggingTest {

    @Test
    void logsLinesToStdoutAtInfoWithTheEmbeddedBrokerAtWarn() {
        LoggerContext context = new LoggerContext();

        ExecutionStatus status = new ConsoleLogging().configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOfSatisfying(ConsoleAppender.class, appender -> {
            assertThat(appender.getTarget()).isEqualTo("System.out");
            assertThat(appender.isStarted()).isTrue();
        });
        assertThat(context.getLogger("org.apache.qpid.server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.jooq.impl.DefaultExecuteContext.logVersionSupport").getEffectiveLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void aConfigurationFileGivenToLogbackWins() {
        LoggerContext context = new LoggerContext();
        System.setProperty(ConsoleLogging.CONFIGURATION_FILE, "my-logback.xml");
        try {
            assertThat(new ConsoleLogging().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            System.clearProperty(ConsoleLogging.CONFIGURATION_FILE);
        }
    }
}
